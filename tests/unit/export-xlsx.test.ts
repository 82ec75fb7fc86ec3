import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportXlsx } from '$lib/server/export/xlsx';
import { seededModel } from '../helpers/export-model';

const HEADER = ['Provision', 'Institutional Development', 'Research Development', 'Training/Capacity Building', 'Prevention', 'Sectoral Body / Organ'];

function text(cell: ExcelJS.Cell): string {
	const v = cell.value;
	if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
	return v == null ? '' : String(v);
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes as unknown as ArrayBuffer);
	return wb;
}

/** The row of `body` within the provision whose cell starts with `provisionStart` (its further rows say "a. (continued)"). */
function findRow(ws: ExcelJS.Worksheet, provisionStart: string, body: string): number {
	let provision = '';
	for (let r = 4; r <= ws.rowCount; r++) {
		const label = text(ws.getCell(r, 1));
		if (!/^\w+\. \(continued\)$/.test(label)) provision = label;
		if (text(ws.getCell(r, 6)) === body && provision.startsWith(provisionStart)) return r;
	}
	throw new Error(`no row for ${body} under “${provisionStart}”`);
}

describe('xlsx export', () => {
	let wb: ExcelJS.Workbook;
	let matrix: ExcelJS.Worksheet;
	beforeAll(async () => {
		wb = await load(await exportXlsx(seededModel({ status: 'finalized' })));
		matrix = wb.getWorksheet('Matrix')!;
	});

	it('has the matrix, entries and bodies sheets', () => {
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Matrix', 'Entries', 'Bodies']);
	});

	it('puts the title and the "As of" line above the 2016 header row', () => {
		expect(text(matrix.getCell('A1'))).toBe('APA test board');
		expect(text(matrix.getCell('A2'))).toBe('Finalized 8 June 2026 · As of 31 May 2016');
		expect([1, 2, 3, 4, 5, 6].map((c) => text(matrix.getCell(3, c)))).toEqual(HEADER);
	});

	it('places real entries in the right row and column', () => {
		// DGICM's LSP facility: A.c, Prevention (column E), on DGICM's row, where DGICM is also the lead.
		const dgicm = findRow(matrix, 'c. Put in place effective mechanisms', 'DGICM');
		expect(text(matrix.getCell(dgicm, 5))).toBe('Lead\n• Include activities like Lost & Stolen Passport (LSP) Online Enquiry Facility (was closed in 2013) to share LSP information among AMS.');
		for (const c of [2, 3, 4]) expect(text(matrix.getCell(dgicm, c))).toBe('');
		// AICHR's thematic studies: A.a, Research Development (column C).
		const aichr = findRow(matrix, 'a. Increase awareness campaigns', 'AICHR');
		expect(text(matrix.getCell(aichr, 3))).toContain('• Thematic Studies on the existing policies to prevent TIP');
		// ACMW's entries sit on SLOM's subsidiary row.
		const slom = findRow(matrix, 'a. Increase awareness campaigns', 'SLOM (ACMW)');
		expect(text(matrix.getCell(slom, 2))).toBe('• Strengthen the linkages with Local Government Units');
	});

	it('repeats the provision in each of its rows, unmerged, and marks the lead in bold', () => {
		const first = findRow(matrix, 'a. Increase awareness campaigns', 'SOMTC');
		expect(text(matrix.getCell(first, 1))).toMatch(/^a\. Increase awareness campaigns/);
		const rows: string[] = [text(matrix.getCell(first, 6))];
		for (let r = first + 1; text(matrix.getCell(r, 1)) === 'a. (continued)'; r++) {
			rows.push(text(matrix.getCell(r, 6)));
			// Not merged: Excel and Calc would print a merged cell's text on its first page only.
			expect(matrix.getCell(r, 1).isMerged).toBe(false);
			expect(matrix.getCell(r, 1).font).toMatchObject({ color: { argb: 'FF7F8A99' } });
		}
		expect(rows).toEqual(['SOMTC', 'AICHR', 'ACWC', 'SLOM (ACMW)', 'SOM-ED', 'SOMHD']);
		// No provision cell is merged anywhere: only the heading rows are.
		for (let r = 4; r <= matrix.rowCount; r++) {
			const cell = matrix.getCell(r, 1);
			if (cell.isMerged) expect(matrix.getCell(r, 6).isMerged).toBe(true);
			if (text(matrix.getCell(r, 6))) expect(text(cell)).not.toBe('');
		}
		const lead = matrix.getCell(first, 5).value as ExcelJS.CellRichTextValue;
		expect(lead.richText[0]).toMatchObject({ text: 'Lead\n', font: { bold: true } });
	});

	it('indents the entries of the category cells, wrapped, each entry a line starting "• "', () => {
		const first = findRow(matrix, 'a. Increase awareness campaigns', 'SOMTC');
		for (const c of [2, 3, 4, 5]) expect(matrix.getCell(first, c).alignment).toMatchObject({ wrapText: true, vertical: 'top', horizontal: 'left', indent: 1 });
		expect(matrix.getCell(first, 1).alignment.indent).toBeUndefined();
		expect(text(matrix.getCell(first, 2)).split('\n').every((line) => line.startsWith('• ') || line.startsWith('  '))).toBe(true);
	});

	it('gives a lead body without entries its own row, and keeps empty provisions as gaps', () => {
		const aslom = findRow(matrix, 'a. Establish trafficking in persons as a criminal offence', 'ASLOM');
		expect(text(matrix.getCell(aslom, 4))).toBe('Lead');
		const gap = findRow(matrix, 'd. Enhance cross-border cooperation', '');
		for (const c of [2, 3, 4, 5]) expect(text(matrix.getCell(gap, c))).toBe('');
	});

	it('has the part headings as merged rows', () => {
		const headings: string[] = [];
		for (let r = 4; r <= matrix.rowCount; r++) {
			const cell = matrix.getCell(r, 1);
			if (matrix.getCell(r, 6).isMerged && matrix.getCell(r, 6).master.address === cell.address) headings.push(text(cell));
		}
		expect(headings).toEqual([
			'A. Prevention of Trafficking in Persons',
			'B. Protection of Victims',
			'C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons',
			'D. Regional and International Cooperation and Coordination'
		]);
	});

	it('is set up for print: landscape A3, frozen and repeated header, dates and page numbers', () => {
		expect(matrix.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
		expect(matrix.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
		expect(matrix.headerFooter.oddHeader).toContain('Finalized 8 June 2026 · As of 31 May 2016');
		expect(matrix.headerFooter.oddFooter).toContain('Page &P of &N');
		expect(matrix.getCell(5, 2).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
	});

	it('lists every entry on a filterable sheet', () => {
		const entries = wb.getWorksheet('Entries')!;
		expect(entries.rowCount).toBe(117);
		expect(entries.autoFilter).toBeTruthy();
		const lsp = entries.getRows(2, 115)!.find((r) => text(r.getCell(7)).startsWith('Include activities like Lost & Stolen'))!;
		expect([1, 3, 4, 5, 6, 8].map((c) => text(lsp.getCell(c)))).toEqual(['A.c', 'Prevention', 'DGICM', 'yes', 'proposed', 'yes']);
	});

	it('writes the same workbook for the same state', async () => {
		const unzip = async (bytes: Uint8Array) => {
			const zip = await JSZip.loadAsync(bytes);
			const files: Record<string, string> = {};
			for (const name of Object.keys(zip.files).sort()) files[name] = await zip.files[name].async('string');
			return files;
		};
		const [a, b] = await Promise.all([exportXlsx(seededModel()), exportXlsx(seededModel())]);
		expect(await unzip(b)).toEqual(await unzip(a));
	});

	it('carries the label of a named version', async () => {
		const v = await load(await exportXlsx(seededModel({ version: 'As of 31 May 2016' })));
		expect(text(v.getWorksheet('Matrix')!.getCell('A2'))).toBe('Version “As of 31 May 2016” · As of 31 May 2016');
	});
});
