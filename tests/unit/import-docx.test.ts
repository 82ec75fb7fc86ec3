import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import { describe, expect, it } from 'vitest';
import { exportDocx } from '$lib/server/export/docx';
import type { ExportModel } from '$lib/server/export/model';
import { apaBase, planImport } from '$lib/server/import';
import { registryBodies } from '../helpers/export-model';
import { seeds } from '../helpers/seeded-doc';
import { EMPTY_LEAD_CELLS, stressModel } from '../helpers/stress-board';

const deps = () => ({ base: apaBase(seeds()), registry: registryBodies() });
const entriesOf = (m: ExportModel) =>
	m.provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => cell.entries.map((e) => [p.ref, category, e.body, e.subsidiary, e.text])));
const leadsOf = (m: ExportModel) =>
	m.provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => (cell.lead ? [{ provision: p.ref, category, body: cell.lead }] : [])));
const byCell = (l: { provision: string; category: string }[]) => [...l].sort((a, b) => `${a.provision}|${a.category}`.localeCompare(`${b.provision}|${b.category}`));

describe('import of a Word matrix', () => {
	it('reads our own docx back: every entry (scripts, formulas, the long one) and every lead, with title and date', async () => {
		const model = { ...stressModel(), section: 'IV. Action Plans' };
		const plan = await planImport({ name: 'stress.docx', bytes: await exportDocx(model) }, deps());
		expect(plan.format).toBe('docx');
		expect(plan.problems).toEqual([]);
		// Body rows come in registry order within a cell, as the matrix prints them.
		const sort = (rows: unknown[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		expect(sort(plan.entries.map((e) => [e.provision, e.category, e.body, e.subsidiary, e.text]))).toEqual(sort(entriesOf(model)));
		expect(byCell(plan.leads)).toEqual(byCell(leadsOf(model)));
		for (const c of EMPTY_LEAD_CELLS) expect(plan.leads).toContainEqual(c);
		expect(plan.title).toBe('APA test board');
		expect(plan.asOf).toBe('2016-05-31');
		expect(plan.notes.join(' ')).toMatch(/no status, “uncertain” flag or note/);
	});

	it('reads the 2016 layout: headings as lone cells, provision cells merged down, one paragraph per entry', async () => {
		const cell = (text: string | string[], vMerge?: 'restart' | 'continue') =>
			new TableCell({
				...(vMerge ? { verticalMerge: vMerge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
				children: (Array.isArray(text) ? text : [text]).map((t) => new Paragraph({ children: [new TextRun(t)] }))
			});
		const row = (...cells: TableCell[]) => new TableRow({ children: cells });
		const empty = () => cell('');
		const table = new Table({
			rows: [
				row(...['Provision', 'Institutional Development', 'Research Development', 'Training/Capacity Building', 'Prevention', 'Sectoral Body / Organ'].map((t) => cell(t))),
				row(empty(), empty(), cell('IV. Action Plans'), empty(), empty(), empty()),
				row(empty(), empty(), cell('A. Prevention of TIP'), empty(), empty(), empty()),
				row(cell('a. Increase awareness campaigns to educate all levels of society', 'restart'), cell(['Regional youth campaign', 'Curriculum on combating TIP']), empty(), empty(), cell('Lead'), cell('SOMTC')),
				row(cell('', 'continue'), empty(), cell('Thematic studies on prevention policies'), empty(), empty(), cell('SLOM (ACMW)')),
				row(empty(), empty(), cell('B. Protection of Victims'), empty(), empty(), empty()),
				row(cell('b. Provide shelters', 'restart'), empty(), empty(), cell('Training of shelter staff'), empty(), cell('ACWC'))
			]
		});
		const doc = new Document({
			sections: [{ children: [new Paragraph({ children: [new TextRun('Possible Areas of Collaboration')] }), new Paragraph({ children: [new TextRun('As of 31 May 2016')] }), table] }]
		});
		const plan = await planImport({ name: 'matrix-2016.docx', bytes: new Uint8Array(await Packer.toBuffer(doc)) }, deps());
		expect(plan.problems).toEqual([]);
		expect(plan.entries.map((e) => [e.provision, e.category, e.body, e.subsidiary, e.text])).toEqual([
			['A.a', 'institutional', 'SOMTC', null, 'Regional youth campaign'],
			['A.a', 'institutional', 'SOMTC', null, 'Curriculum on combating TIP'],
			['A.a', 'research', 'SLOM', 'ACMW', 'Thematic studies on prevention policies'],
			['B.b', 'training', 'ACWC', null, 'Training of shelter staff']
		]);
		expect(plan.leads).toEqual([{ provision: 'A.a', category: 'prevention', body: 'SOMTC' }]);
		expect(plan.title).toBe('Possible Areas of Collaboration');
		expect(plan.asOf).toBe('2016-05-31');
	});

	it('refuses a Word document without a matrix table, with a clear message', async () => {
		const doc = new Document({ sections: [{ children: [new Paragraph('Minutes of the meeting')] }] });
		await expect(planImport({ name: 'minutes.docx', bytes: new Uint8Array(await Packer.toBuffer(doc)) }, deps())).rejects.toThrow(/no table whose header row starts with “Provision”/);
	});
});
