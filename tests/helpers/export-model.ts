import type { BoardDocs } from '../../src/lib/board/doc';
import { setLead } from '../../src/lib/board/mutations';
import { readBoard } from '../../src/lib/board/view';
import type { SectoralBody } from '../../src/lib/contract/bodies';
import { buildExportModel, type ExportModel } from '../../src/lib/server/export/model';
import type { Seeds } from '../../src/lib/server/boards/seeds';
import { seededDocs, seeds } from './seeded-doc';

/** The body registry as the `bodies` table holds it (subsidiaries after their parent). */
export function registryBodies(s: Seeds = seeds()): SectoralBody[] {
	return s.bodies.bodies.flatMap((b) => [
		{ code: b.code, name: b.name, pillar: b.pillar, parent: null },
		...b.subsidiaries.map((sub) => ({ code: sub.code, name: sub.name, pillar: b.pillar, parent: b.code }))
	]);
}

/**
 * The seeded APA board with a few leads assigned: SOMTC leads A.a ×
 * Prevention, AICHR A.a × Research, DGICM A.c × Prevention, and ASLOM leads
 * C.a × Training, a cell with no entries.
 */
export function seededDocsWithLeads(): BoardDocs {
	const docs = seededDocs();
	const origin = { source: 'server' as const };
	setLead(docs, 'A.a', 'prevention', 'SOMTC', origin);
	setLead(docs, 'A.a', 'research', 'AICHR', origin);
	setLead(docs, 'A.c', 'prevention', 'DGICM', origin);
	setLead(docs, 'C.a', 'training', 'ASLOM', origin);
	return docs;
}

/** The day the test exports are made, and the day a finalized test board was finalized. */
export const EXPORTED_ON = '2026-06-10';
export const FINALIZED_ON = '2026-06-08';

/**
 * The export model of the seeded APA board (id apa-2016), with the leads of
 * `seededDocsWithLeads`, exported on `EXPORTED_ON` (finalized on `FINALIZED_ON`).
 */
export function seededModel(opts: { status?: 'open' | 'finalized'; version?: string | null; docs?: BoardDocs } = {}): ExportModel {
	const status = opts.status ?? 'open';
	return buildExportModel(
		readBoard(opts.docs ?? seededDocsWithLeads()),
		registryBodies(),
		{ id: 'apa-2016', status, exportedOn: EXPORTED_ON, finalizedOn: status === 'finalized' ? FINALIZED_ON : null },
		opts.version ?? null
	);
}
