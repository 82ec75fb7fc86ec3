import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkForPublication } from '$lib/board/publication-check';
import { cellRows, XLSX_MAX_LINES } from '$lib/board/xlsx-rows';
import { exportXlsx } from '$lib/server/export/xlsx';
import { apaBase, planImport } from '$lib/server/import';
import { registryBodies } from '../helpers/export-model';
import { sheetRows, type SheetRow } from '../helpers/ooxml';
import { seeds } from '../helpers/seeded-doc';
import { ASEAN_SAMPLES, FORMULA_TEXTS, LONG_TEXT, stressModel, stressView } from '../helpers/stress-board';

/** Bullet lines of a matrix cell back to entry texts: "• " starts one, "… " continues the previous one. */
function entriesOf(rows: SheetRow[], column: string): string[] {
	const out: string[] = [];
	for (const row of rows) {
		for (const line of (row.cells[column] ?? '').split('\n')) {
			if (line.startsWith('• ')) out.push(line.slice(2));
			else if (line.startsWith('… ')) out[out.length - 1] += ` ${line.slice(2)}`;
			else if (line.startsWith('  ')) out[out.length - 1] += `\n${line.slice(2)}`;
		}
	}
	return out;
}

describe('xlsx export of the stress board: nothing hidden by the row limit', () => {
	let bytes: Uint8Array;
	let matrix: SheetRow[];
	beforeAll(async () => {
		bytes = await exportXlsx(stressModel());
		matrix = await sheetRows(bytes, 'Matrix');
	});

	it('keeps every row within Excel’s 409 pt', () => {
		const heights = matrix.map((r) => r.height ?? 0);
		expect(Math.max(...heights)).toBeLessThanOrEqual(409);
	});

	it('continues the 7,000-character entry over several rows, the body repeated, and loses no word', () => {
		const rows = matrix.filter((r) => (r.cells.C ?? '').includes('Paragraph') || (r.cells.C ?? '').startsWith('… '));
		expect(rows.length).toBeGreaterThanOrEqual(3);
		expect(rows.every((r) => r.cells.F === 'SOMTC')).toBe(true);
		// The provision too: its text in the first row, "b. (continued)" in each continued one.
		expect(rows[0].cells.A).toMatch(/^b\. Continue capacity building/);
		for (const r of rows.slice(1)) expect(r.cells.A).toBe('b. (continued)');
		expect(entriesOf(rows, 'C')).toContain(LONG_TEXT);
	});

	it('continues the cell of 40 entries, each whole, with the lead mark once', () => {
		const rows = matrix.filter((r) => r.cells.F === 'ACWC' && (r.cells.D ?? '').includes('Training session'));
		expect(rows.length).toBeGreaterThanOrEqual(2);
		const texts = entriesOf(rows, 'D');
		for (let i = 1; i <= 40; i++) expect(texts).toContain(`Training session ${i} for child protection officers on trafficking indicators and safe referral`);
		expect(rows.filter((r) => r.cells.D.startsWith('Lead\n'))).toHaveLength(1);
		expect(rows[0].cells.A).toMatch(/^d\. (Enhance cross-border|\(continued\))/);
		for (const r of rows.slice(1)) expect(r.cells.A).toBe('d. (continued)');
	});

	it('keeps every ASEAN sample and formula-leading text as text cells', async () => {
		const all = matrix.map((r) => Object.values(r.cells).join('\n')).join('\n');
		for (const text of [...Object.values(ASEAN_SAMPLES), ...FORMULA_TEXTS]) expect(all).toContain(text);
		const entries = await sheetRows(bytes, 'Entries');
		expect(entries.some((r) => r.cells.G === '=1+2')).toBe(true);
	});

	it('reads the continued entry back as one entry from the matrix alone', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(bytes as unknown as ArrayBuffer);
		wb.removeWorksheet(wb.getWorksheet('Entries')!.id);
		const plan = await planImport({ name: 'matrix.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) }, { base: apaBase(seeds()), registry: registryBodies() });
		expect(plan.entries.filter((e) => e.text === LONG_TEXT)).toHaveLength(1);
		expect(plan.entries.filter((e) => e.text.startsWith('Training session'))).toHaveLength(40);
	});
});

describe('the pre-export check names what the exports still change', () => {
	it('lists continued Excel cells, entries taller than a PDF page, CSV apostrophes', () => {
		const changes = checkForPublication(stressView(), []).exportChanges;
		const at = (where: string) => changes.filter((c) => c.where === where).map((c) => c.change);
		const long = at('A.b × Research Development, SOMTC').join(' | ');
		expect(long).toMatch(/continues on the next PDF page/);
		expect(long).toMatch(/too tall for one row of the Entries sheet/);
		expect(long).toMatch(/continues over \d+ rows of the Excel matrix/);
		expect(at('A.d × Training/Capacity Building, ACWC')).toEqual([expect.stringMatching(/continues over [2-9] rows of the Excel matrix/)]);
		// "'=already quoted" starts with an apostrophe: the CSV still adds one, so the import gives it back whole.
		expect(at('B.c × Prevention, DGICM').filter((c) => c.includes('apostrophe'))).toHaveLength(FORMULA_TEXTS.length);
	});

	it('says nothing for the seeded board’s cells, which fit', () => {
		const view = stressView();
		view.entries = view.entries.filter((e) => !e.id.startsWith('stress-'));
		expect(checkForPublication(view, []).exportChanges).toEqual([]);
	});

	it('packs cell texts into rows of at most the row limit', () => {
		const rows = cellRows(Array.from({ length: 50 }, (_, i) => `• entry ${i}`));
		expect(rows.length).toBe(Math.ceil(50 / XLSX_MAX_LINES));
		expect(rows.flat()).toHaveLength(50);
	});
});

describe('xlsx page footer', () => {
	it('names the board and what the export is, beside the page number', async () => {
		const sheet = (await (await import('../helpers/ooxml')).zipPart(await exportXlsx(stressModel()), 'xl/worksheets/sheet1.xml'))!;
		const footer = /<oddFooter>([^<]*)<\/oddFooter>/.exec(sheet)![1];
		expect(footer).toContain('APA test board');
		expect(footer).toContain('Page &amp;P of &amp;N');
		expect(footer).toMatch(/Draft, exported \d+ \w+ \d{4}/);
		expect(footer).not.toContain('Planning Board');
	});
});

describe('xlsx fonts for the complex scripts', () => {
	it('gives each run of Thai, Lao, Khmer and Burmese its script’s font (Thai with its character set), Latin runs Arial', async () => {
		const bytes = await exportXlsx(stressModel());
		const shared = (await (await import('../helpers/ooxml')).zipPart(bytes, 'xl/sharedStrings.xml'))!;
		const runs = [...shared.matchAll(/<r>(?:<rPr>([\s\S]*?)<\/rPr>)?<t(?:\s[^>]*)?>([^<]*)<\/t><\/r>/g)].map((m) => ({ props: m[1] ?? '', text: m[2] }));
		const expected = [
			{ script: /[\u0e00-\u0e7f]/, font: 'Leelawadee UI', sample: ASEAN_SAMPLES.thai },
			{ script: /[\u0e80-\u0eff]/, font: 'Leelawadee UI', sample: ASEAN_SAMPLES.lao },
			{ script: /[\u1780-\u17ff]/, font: 'Khmer UI', sample: ASEAN_SAMPLES.khmer },
			{ script: /[\u1000-\u109f]/, font: 'Myanmar Text', sample: ASEAN_SAMPLES.burmese }
		];
		for (const { script, font, sample } of expected) {
			const of = runs.filter((r) => script.test(r.text));
			// Matrix and Entries sheet both.
			expect(of.length).toBeGreaterThanOrEqual(2);
			for (const run of of) {
				expect(run.props).toContain(`<rFont val="${font}"/>`);
				expect(run.props.includes('<charset val="222"/>')).toBe(font === 'Leelawadee UI' && /[\u0e00-\u0e7f]/.test(run.text));
			}
			// The runs of a sample put back together give the sample.
			expect(runs.map((r) => r.text).join('')).toContain(sample.split(' ')[0]);
		}
		const bullet = runs.find((r) => r.text === '• ');
		expect(bullet?.props).toContain('<rFont val="Arial"/>');
	});
});
