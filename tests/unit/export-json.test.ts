import { describe, expect, it } from 'vitest';
import { readBoard } from '$lib/board/view';
import { buildExportModel } from '$lib/server/export/model';
import { exportJson } from '$lib/server/export/json';
import { buildImportedDoc } from '$lib/server/import/apply';
import { boardJsonSchema, planFromJson } from '$lib/server/import/json';
import { registryBodies, seededModel } from '../helpers/export-model';

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
		const doc = buildImportedDoc(plan, { title: plan.title, asOf: plan.asOf });
		const again = exportJson(buildExportModel(readBoard(doc), registryBodies(), { id: 'apa-2016', status: 'open' }));
		expect(decode(again)).toBe(decode(first));
	});
});
