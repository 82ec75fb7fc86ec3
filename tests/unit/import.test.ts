import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardDocs } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { Boards } from '$lib/server/boards/boards';
import { openDatabase, type Db } from '$lib/server/db';
import { DocStore } from '$lib/server/collab/doc-store';
import { exportCsv } from '$lib/server/export/csv';
import { exportJson } from '$lib/server/export/json';
import { buildExportModel } from '$lib/server/export/model';
import { exportXlsx } from '$lib/server/export/xlsx';
import { AppError } from '$lib/server/app-error';
import { apaBase, applyImport, planImport, type ImportPlan } from '$lib/server/import';
import { buildImportedDocs } from '$lib/server/import/apply';
import { PendingImports } from '$lib/server/import/pending';
import { registryBodies, seededModel } from '../helpers/export-model';
import { seeds } from '../helpers/seeded-doc';
import { EMPTY_LEAD_CELLS, stressModel } from '../helpers/stress-board';

const deps = () => ({ base: apaBase(seeds()), registry: registryBodies() });
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Entries as comparable tuples, in order. */
const tuples = (plan: ImportPlan) => plan.entries.map((e) => [e.provision, e.category, e.body, e.subsidiary, e.text, e.status, e.uncertain]);
const seedTuples = () =>
	seededModel().provisions.flatMap((p) =>
		Object.entries(p.cells).flatMap(([category, cell]) => cell.entries.map((e) => [p.ref, category, e.body, e.subsidiary, e.text, e.status, e.uncertain]))
	);

const seedLeads = () =>
	seededModel().provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => (cell.lead ? [{ provision: p.ref, category, body: cell.lead }] : [])));

const HEADER = 'Provision ref,Provision,Category,Body,Lead,Status,Text,Uncertain,Subsidiary,Note';

describe('import preview', () => {
	it('places CSV rows and lists every row it cannot place, with its reasons', async () => {
		const csv = [
			HEADER,
			'A.a,,Prevention,SOMTC,yes,agreed,Regional youth campaign,no,,',
			'a.b,,training,SLOM (ACMW),,,Labour inspectors workshop,,,',
			'Z.z,,Prevention,SOMTC,,,Unknown provision,,,',
			'A.a,,Logistics,SOMTC,,,Unknown category,,,',
			'A.a,,Prevention,INTERPOL,,,Unknown body,,,',
			'A.a,,Prevention,SOMTC,,done,Bad status,,,',
			'A.a,,Prevention,ACWC,yes,,Second lead for the same cell,,,',
			'A.b,,Research,SOMTC,,,,,,'
		].join('\r\n');
		const plan = await planImport({ name: 'board.csv', bytes: utf8(csv) }, deps());
		expect(tuples(plan)).toEqual([
			['A.a', 'prevention', 'SOMTC', null, 'Regional youth campaign', 'agreed', false],
			['A.b', 'training', 'SLOM', 'ACMW', 'Labour inspectors workshop', 'proposed', false],
			['A.a', 'prevention', 'ACWC', null, 'Second lead for the same cell', 'proposed', false]
		]);
		expect(plan.leads).toEqual([{ provision: 'A.a', category: 'prevention', body: 'SOMTC' }]);
		expect(plan.problems).toEqual([
			{ where: 'Row 4', reason: 'unknown provision “Z.z”' },
			{ where: 'Row 5', reason: 'unknown category “Logistics”' },
			{ where: 'Row 6', reason: 'unknown body “INTERPOL”' },
			{ where: 'Row 7', reason: 'unknown status “done” (expected proposed, agreed, ongoing, completed)' },
			{ where: 'Row 8', reason: 'the cell already has SOMTC as lead (Row 2); ACWC is not made lead' },
			{ where: 'Row 9', reason: 'no text' }
		]);
		expect(plan.provisions).toHaveLength(44);
	});

	it('reads back its own CSV export exactly', async () => {
		const plan = await planImport({ name: 'apa.csv', bytes: exportCsv(seededModel()) }, deps());
		expect(plan.problems).toEqual([]);
		expect(tuples(plan)).toEqual(seedTuples());
		// Four leads, ASLOM's on C.a × Training among them: a cell where ASLOM has no entry.
		expect(plan.leads).toEqual(seedLeads());
	});

	it('reads an xlsx export from its Entries sheet', async () => {
		const plan = await planImport({ name: 'apa.xlsx', bytes: await exportXlsx(seededModel()) }, deps());
		expect(plan.problems).toEqual([]);
		expect(plan.title).toBe('APA test board');
		expect(plan.asOf).toBe('2016-05-31');
		expect(tuples(plan)).toEqual(seedTuples());
		expect(plan.leads).toEqual(seedLeads());
	});

	it('reads the matrix layout alone (entries, subsidiaries and leads) when there is no Entries sheet', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await exportXlsx(seededModel())) as unknown as ArrayBuffer);
		wb.removeWorksheet(wb.getWorksheet('Entries')!.id);
		const matrix = wb.getWorksheet('Matrix')!;
		// A row the importer cannot place: an entry for a body it does not know.
		const r = matrix.rowCount + 1;
		matrix.getCell(r, 1).value = 'z. A provision that is not on the board';
		matrix.getCell(r, 3).value = '• Study';
		matrix.getCell(r, 6).value = 'SOMTC';
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const plan = await planImport({ name: 'matrix.xlsx', bytes }, deps());
		// The matrix has no status or uncertain flag: entries come back proposed and certain.
		const expected = seedTuples().map((t) => [...t.slice(0, 5), 'proposed', false]);
		const sorted = (rows: unknown[][]) => rows.map((t) => JSON.stringify(t)).sort();
		expect(sorted(tuples(plan))).toEqual(sorted(expected));
		expect(plan.leads).toEqual(
			expect.arrayContaining([
				{ provision: 'A.a', category: 'prevention', body: 'SOMTC' },
				{ provision: 'C.a', category: 'training', body: 'ASLOM' }
			])
		);
		expect(plan.leads).toHaveLength(4);
		expect(plan.problems).toEqual([{ where: `Matrix row ${r}, Research Development`, reason: 'unknown provision “D.z”' }]);
	});

	it('refuses a file that is not JSON with a clear message', async () => {
		await expect(planImport({ name: 'board.json', bytes: utf8('<html>not json</html>') }, deps())).rejects.toThrow(
			/^This file is not valid JSON \(/
		);
	});

	it('refuses JSON that is not a board export, naming what is wrong', async () => {
		const bad = JSON.stringify({ board: { title: '' }, categories: [], provisions: [{ ref: 'A.a' }] });
		const error = await planImport({ name: 'board.json', bytes: utf8(bad) }, deps()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).status).toBe(400);
		expect((error as Error).message).toMatch(/^This JSON file is not a Planning Board export: board\.title: /);
		expect((error as Error).message).toContain('categories:');
	});

	it('refuses a CSV without the needed columns, and files of other kinds', async () => {
		await expect(planImport({ name: 'x.csv', bytes: utf8('Name,Email\nA,B\n') }, deps())).rejects.toThrow(/has no “Provision ref”, “Category”, “Body”, “Text” column/);
		await expect(planImport({ name: 'x.xlsx', bytes: utf8('not a zip') }, deps())).rejects.toThrow('This file is not a readable Excel workbook (.xlsx).');
		await expect(planImport({ name: 'x.png', bytes: utf8('\x89PNG') }, deps())).rejects.toThrow(/is not a file the board can import/);
		await expect(planImport({ name: 'x.csv', bytes: utf8('A,"open quote\n') }, deps())).rejects.toThrow(/quoted field is never closed/);
	});

	it('lists JSON entries of unknown bodies and cells of unknown categories', async () => {
		const json = JSON.parse(new TextDecoder().decode(exportJson(seededModel())));
		json.provisions[0].cells.prevention.entries[0].body = 'INTERPOL';
		json.provisions[0].cells.logistics = { lead: null, entries: [] };
		const plan = await planImport({ name: 'board.json', bytes: utf8(JSON.stringify(json)) }, deps());
		expect(plan.entries).toHaveLength(114);
		expect(plan.problems).toEqual([
			{ where: 'provisions[0] (A.a) · prevention · entry 1', reason: 'unknown body “INTERPOL”' },
			{ where: 'provisions[0] (A.a) · logistics', reason: 'unknown category “logistics”: its lead and 0 entries are not placed' }
		]);
	});
});

describe('applying an import', () => {
	let db: Db;
	let boards: Boards;
	beforeEach(() => {
		db = openDatabase(':memory:');
		boards = new Boards(db, new DocStore(db));
		boards.create({ id: 'apa-test-board', title: 'APA test board', asOf: '2016-05-31', createdBy: null }, new BoardDocs());
	});
	afterEach(() => db.close());

	it('creates a new board with a new id and exactly the planned content', async () => {
		const plan = await planImport({ name: 'apa.json', bytes: exportJson(seededModel()) }, deps());
		const board = applyImport(boards, plan, { createdBy: null });
		expect(board).toMatchObject({ id: 'apa-test-board-2', title: 'APA test board', asOf: '2016-05-31', status: 'open' });
		const view = readBoard(new DocStore(db).loadBoard(board.id));
		expect(view.entries).toHaveLength(115);
		expect(Object.keys(view.leads)).toHaveLength(4);
		const model = buildExportModel(view, registryBodies(), { id: 'apa-2016', status: 'open' });
		expect(new TextDecoder().decode(exportJson(model))).toBe(new TextDecoder().decode(exportJson(seededModel())));
	});

	it('keeps each status where it now lives: progress in the body’s document, agreement as a decision by the importer', async () => {
		const csv = [
			HEADER,
			'A.a,,Prevention,SOMTC,,agreed,Agreed campaign,,,',
			'A.a,,Prevention,SOMTC,,ongoing,Ongoing campaign,,,',
			'A.a,,Prevention,SOM-ED,,completed,Completed study,yes,,',
			'A.a,,Prevention,SOM-ED,,,Proposed study,,,'
		].join('\r\n');
		const plan = await planImport({ name: 'board.csv', bytes: utf8(csv) }, deps());
		const before = Date.now();
		const docs = buildImportedDocs(plan, { title: 'Imported', asOf: '2027-01-15', importedBy: 42 });
		const view = readBoard(docs);
		expect(view).toMatchObject({ title: 'Imported', asOf: '2027-01-15' });
		const byText = new Map(view.entries.map((e) => [e.text, e]));
		expect(byText.get('Agreed campaign')).toMatchObject({ body: 'SOMTC', status: 'agreed', progress: 'proposed', decision: { state: 'agreed', by: 42, meeting: null } });
		expect(byText.get('Agreed campaign')!.decision!.at).toBeGreaterThanOrEqual(before);
		expect(byText.get('Ongoing campaign')).toMatchObject({ body: 'SOMTC', status: 'ongoing', progress: 'ongoing', decision: undefined });
		expect(byText.get('Completed study')).toMatchObject({ body: 'SOM-ED', status: 'completed', progress: 'completed', uncertain: true });
		expect(byText.get('Proposed study')).toMatchObject({ body: 'SOM-ED', status: 'proposed', decision: undefined });
		// Each entry is in its body's document; the plan holds the one decision.
		expect([...docs.bodies.keys()].sort()).toEqual(['SOM-ED', 'SOMTC']);
		expect([...docs.plan.getMap('decisions').keys()]).toEqual([byText.get('Agreed campaign')!.id]);
	});

	it('writes nothing when the file is bad', async () => {
		const before = boards.list().length;
		await planImport({ name: 'board.json', bytes: utf8('{ nope') }, deps()).catch(() => undefined);
		expect(boards.list()).toHaveLength(before);
	});

	it('keeps previews per person until they expire', async () => {
		const plan = await planImport({ name: 'apa.csv', bytes: exportCsv(seededModel()) }, deps());
		const now = Date.now();
		const pending = new PendingImports();
		const token = pending.put(plan, 7, now);
		expect(pending.get(token, 8, now)).toBeUndefined();
		expect(pending.get(token, 7, now)).toBe(plan);
		expect(pending.get(token, 7, now + 31 * 60_000)).toBeUndefined();
		pending.delete(token);
	});
});

describe('round trips of the stress board', () => {
	const model = () => stressModel();
	const leadsOf = (m: ReturnType<typeof stressModel>) =>
		m.provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => (cell.lead ? [{ provision: p.ref, category, body: cell.lead }] : [])));
	const entriesOf = (m: ReturnType<typeof stressModel>) =>
		m.provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => cell.entries.map((e) => [p.ref, category, e.body, e.subsidiary, e.text, e.status, e.uncertain, e.note])));
	const planned = (plan: ImportPlan) => plan.entries.map((e) => [e.provision, e.category, e.body, e.subsidiary, e.text, e.status, e.uncertain, e.note]);

	it.each(['csv', 'xlsx', 'json'] as const)('keeps every entry and lead, leads on cells without entries too (%s)', async (format) => {
		const m = model();
		const bytes = format === 'csv' ? exportCsv(m) : format === 'xlsx' ? await exportXlsx(m) : exportJson(m);
		const plan = await planImport({ name: `stress.${format}`, bytes }, deps());
		expect(plan.problems).toEqual([]);
		expect(planned(plan)).toEqual(entriesOf(m));
		const sort = (l: { provision: string; category: string }[]) => [...l].sort((a, b) => `${a.provision}|${a.category}`.localeCompare(`${b.provision}|${b.category}`));
		expect(sort(plan.leads)).toEqual(sort(leadsOf(m)));
		for (const c of EMPTY_LEAD_CELLS) expect(plan.leads).toContainEqual(c);
	});

	it('says in the preview what a file cannot carry', async () => {
		const csv = await planImport({ name: 'stress.csv', bytes: exportCsv(model()) }, deps());
		expect(csv.notes.join(' ')).toMatch(/no title or “as of” date/);
		expect(csv.notes.join(' ')).toMatch(/no discussion, versions or history/);
		const edited = model();
		edited.provisions[0].text = 'A wording the chair changed';
		const reworded = await planImport({ name: 'edited.csv', bytes: exportCsv(edited) }, deps());
		expect(reworded.notes.join(' ')).toMatch(/words 1 provision differently from the board \(A\.a\)/);
	});
});
