import { describe, expect, it } from 'vitest';
import * as edit from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { buildExportModel } from '$lib/server/export/model';
import { exportJson } from '$lib/server/export/json';
import { buildImportedDocs } from '$lib/server/import/apply';
import { boardJsonSchema, planFromJson } from '$lib/server/import/json';
import { registryBodies, seededDocsWithLeads, seededModel } from '../helpers/export-model';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('json export', () => {
	it('follows the documented schema', () => {
		const json = JSON.parse(decode(exportJson(seededModel({ status: 'finalized', version: 'As of 31 May 2016' }))));
		expect(boardJsonSchema.safeParse(json).success).toBe(true);
		expect(Object.keys(json)).toEqual(['format', 'formatVersion', 'board', 'parts', 'categories', 'bodies', 'provisions']);
		expect(json.board).toEqual({ id: 'apa-2016', title: 'APA test board', asOf: '2016-05-31', status: 'finalized', version: 'As of 31 May 2016' });
		expect(json.categories.map((c: { id: string }) => c.id)).toEqual(['institutional', 'research', 'training', 'prevention']);
		expect(json.bodies.find((b: { code: string }) => b.code === 'ACMW')).toMatchObject({ parent: 'SLOM', pillar: 'ASCC' });
		expect(json.provisions).toHaveLength(44);
		const ac = json.provisions.find((p: { ref: string }) => p.ref === 'A.c');
		expect(ac).toMatchObject({ part: 'A', letter: 'c' });
		expect(Object.keys(ac.cells)).toEqual(['institutional', 'research', 'training', 'prevention']);
		expect(ac.cells.prevention.lead).toBe('DGICM');
		expect(ac.cells.prevention.entries[0]).toMatchObject({ body: 'DGICM', status: 'proposed', uncertain: true });
		expect(ac.cells.prevention.entries[0].text).toMatch(/^Include activities like Lost & Stolen Passport/);
		expect(json.provisions.find((p: { ref: string }) => p.ref === 'C.a').cells.institutional).toEqual({ lead: null, entries: [] });
	});

	it('is byte-stable and ends with a newline', () => {
		const a = exportJson(seededModel());
		expect(Buffer.from(a).equals(Buffer.from(exportJson(seededModel())))).toBe(true);
		expect(decode(a).endsWith('}\n')).toBe(true);
	});

	it('round-trips losslessly: export, import into a new board, export again', () => {
		const first = exportJson(seededModel());
		const plan = planFromJson('apa-2016.json', first, registryBodies());
		expect(plan.problems).toEqual([]);
		expect(plan.entries).toHaveLength(115);
		const docs = buildImportedDocs(plan, { title: plan.title, asOf: plan.asOf, importedBy: null });
		const again = exportJson(buildExportModel(readBoard(docs), registryBodies(), { id: 'apa-2016', status: 'open' }));
		expect(decode(again)).toBe(decode(first));
	});

	it('round-trips the status shown: agreed (a decision in the plan), ongoing and completed (the body’s progress)', () => {
		const docs = seededDocsWithLeads();
		const [agreed, ongoing, completed, both] = readBoard(docs).entries;
		const origin = { source: 'server' as const };
		edit.setDecision(docs, agreed.id, 'agreed', { userId: 1, meeting: null }, origin);
		edit.setEntryProgress(docs, ongoing.id, 'ongoing', origin);
		edit.setEntryProgress(docs, completed.id, 'completed', origin);
		edit.setDecision(docs, both.id, 'agreed', { userId: 1, meeting: null }, origin);
		edit.setEntryProgress(docs, both.id, 'completed', origin);
		const first = exportJson(seededModel({ docs }));
		const entries = JSON.parse(decode(first)).provisions.flatMap((p: { cells: Record<string, { entries: { text: string; status: string }[] }> }) =>
			Object.values(p.cells).flatMap((c) => c.entries)
		);
		const statusOf = (text: string) => entries.find((e: { text: string }) => e.text === text).status;
		expect([agreed, ongoing, completed, both].map((e) => statusOf(e.text))).toEqual(['agreed', 'ongoing', 'completed', 'completed']);
		const plan = planFromJson('apa-2016.json', first, registryBodies());
		const imported = buildImportedDocs(plan, { title: plan.title, asOf: plan.asOf, importedBy: null });
		const again = exportJson(buildExportModel(readBoard(imported), registryBodies(), { id: 'apa-2016', status: 'open' }));
		expect(decode(again)).toBe(decode(first));
	});
});
