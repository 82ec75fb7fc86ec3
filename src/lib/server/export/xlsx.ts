import ExcelJS from 'exceljs';
import { cellRows, wrappedLines, XLSX_ENTRY_INDENT, XLSX_MAX_ROW_PT, XLSX_WIDTHS, xlsxRowHeight, type CellPiece } from '../../board/xlsx-rows';
import { ENTRY_COLUMNS, entryRecords } from './csv';
import { dateLine, metadataDate, stateLabel } from './format';
import { bulletText, continuedLabel, headerLabels, LEAD_MARK, matrixLayout, pieceMark, publicationOf, RESERVATIONS_HEADING, type LayoutCell } from './layout';
import type { ExportModel } from './model';
import { COMPLEX_SCRIPT, SCRIPT_FONTS, scriptRuns } from './scripts';

/** Sheet names; the importer looks them up by name. */
export const MATRIX_SHEET = 'Matrix';
export const ENTRIES_SHEET = 'Entries';
export const BODIES_SHEET = 'Bodies';

/** The header row of the matrix sheet (title and date line above it). */
export const MATRIX_HEADER_ROW = 3;

const FONT = 'Arial';
const SIZE = 10;
const PROVISION_WIDTH = XLSX_WIDTHS.provision;
const CATEGORY_WIDTH = XLSX_WIDTHS.category;
const BODY_WIDTH = XLSX_WIDTHS.body;
const THIN = { style: 'thin' as const, color: { argb: 'FF7F8A99' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFD9E1EE' } };
const PART_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEFF2F7' } };
const CONTINUED_ARGB = 'FF7F8A99';
/** Category cells: their bullets stand off the border (no hanging indent exists in a cell; docs/export-format.md). */
const ENTRY_WRAP = { vertical: 'top' as const, horizontal: 'left' as const, wrapText: true, indent: XLSX_ENTRY_INDENT };
const TOP_WRAP = { vertical: 'top' as const, horizontal: 'left' as const, wrapText: true };

/** Escapes `&` for Excel's header/footer codes and keeps within its 255-character limit. */
function headerText(text: string, max: number): string {
	const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
	return short.replace(/&/g, '&&');
}

/** Windows' character set of Thai fonts: Excel picks the font for Thai text by it. */
const THAI_CHARSET = 222;

/**
 * `text` as rich-text runs in `font`, each Thai, Lao, Khmer or Burmese run
 * naming its script's font, so Excel and Calc use (or substitute for) a font
 * with its glyphs instead of the cell's Arial.
 */
function fontRuns(text: string, font: Partial<ExcelJS.Font>): ExcelJS.RichText[] {
	if (!COMPLEX_SCRIPT.test(text)) return [{ text, font }];
	return scriptRuns(text).map((run) =>
		run.script === 'latin'
			? { text: run.text, font }
			: { text: run.text, font: { ...font, name: SCRIPT_FONTS[run.script], ...(run.script === 'thai' ? { charset: THAI_CHARSET } : {}) } }
	);
}

/** A text cell's value: the text itself, or rich text when it has runs of a complex script. */
function textValue(text: string, font: Partial<ExcelJS.Font>): ExcelJS.CellValue {
	if (!text) return null;
	return COMPLEX_SCRIPT.test(text) ? { richText: fontRuns(text, font) } : text;
}

/**
 * One row's part of a cell: the lead mark in bold when `lead` (it is the
 * first piece), then the bullet texts, a reserved entry's footnote number
 * superscript after it (the importer skips it).
 */
function cellValue(pieces: readonly CellPiece[], cell: LayoutCell, lead: boolean, size: number): ExcelJS.CellValue {
	if (pieces.length === 0) return null;
	const font = { name: FONT, size };
	const parts = pieces.slice(lead ? 1 : 0).map((p) => pieceMark(p, cell));
	if (!lead && parts.every((p) => p.mark === null)) return textValue(parts.map((p) => p.text).join('\n'), font);
	const runs: ExcelJS.RichText[] = lead ? [{ text: LEAD_MARK + (parts.length ? '\n' : ''), font: { ...font, bold: true, color: { argb: 'FF1F3A68' } } }] : [];
	parts.forEach(({ text, mark }, i) => {
		const end = i < parts.length - 1 ? '\n' : '';
		if (mark === null) runs.push(...fontRuns(text + end, font));
		else runs.push(...fontRuns(text, font), { text: mark, font: { ...font, vertAlign: 'superscript' } }, ...(end ? [{ text: end, font }] : []));
	});
	return { richText: runs };
}

/** A cell's texts (lead mark, bullets) packed into rows under Excel's row height limit. */
function rowsOfCell(cell: LayoutCell, scale: number): CellPiece[][] {
	return cellRows([...(cell.lead ? [LEAD_MARK] : []), ...cell.entries.map(bulletText)], CATEGORY_WIDTH, scale);
}

function addMatrixSheet(wb: ExcelJS.Workbook, model: ExportModel): void {
	const ncols = model.categories.length + 2;
	const publication = publicationOf(model);
	// Larger type for projection: Arial 14 instead of 10, rows and wrapping sized to match.
	const scale = publication.large ? 1.4 : 1;
	const size = Math.round(SIZE * scale);
	const ws = wb.addWorksheet(MATRIX_SHEET, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: MATRIX_HEADER_ROW, topLeftCell: `A${MATRIX_HEADER_ROW + 1}`, activeCell: `A${MATRIX_HEADER_ROW + 1}` }],
		pageSetup: {
			// A3 (OOXML paper size 8, which exceljs's typings leave out) unless A4 (9) is asked for.
			paperSize: (publication.paper === 'A4' ? 9 : 8) as unknown as ExcelJS.PaperSize,
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			horizontalCentered: true,
			printTitlesRow: `${MATRIX_HEADER_ROW}:${MATRIX_HEADER_ROW}`,
			margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		headerFooter: {
			differentFirst: false,
			differentOddEven: false,
			oddHeader: `&L&"${FONT},Bold"&9${headerText(model.board.title, 120)}&R&"${FONT},Regular"&9${headerText(dateLine(model), 80)}`,
			oddFooter: `&L&"${FONT},Regular"&8${headerText(model.board.title, 100)}&C&"${FONT},Regular"&9Page &P of &N&R&"${FONT},Regular"&8${headerText(stateLabel(model), 60)}`
		}
	});
	ws.columns = [
		{ width: PROVISION_WIDTH },
		...model.categories.map(() => ({ width: CATEGORY_WIDTH })),
		{ width: BODY_WIDTH }
	];
	const totalWidth = PROVISION_WIDTH + model.categories.length * CATEGORY_WIDTH + BODY_WIDTH;

	const title = ws.getRow(1);
	title.getCell(1).value = textValue(model.board.title, { name: FONT, size: 14, bold: true });
	title.getCell(1).font = { name: FONT, size: 14, bold: true };
	title.getCell(1).alignment = TOP_WRAP;
	title.height = Math.ceil(wrappedLines(model.board.title, totalWidth * 0.75) * 18 + 4);
	ws.mergeCells(1, 1, 1, ncols);
	const date = ws.getRow(2);
	date.getCell(1).value = dateLine(model);
	date.getCell(1).font = { name: FONT, size, italic: true };
	date.height = Math.ceil(18 * scale);
	ws.mergeCells(2, 1, 2, ncols);

	const head = ws.getRow(MATRIX_HEADER_ROW);
	headerLabels(model).forEach((label, i) => {
		const c = head.getCell(i + 1);
		c.font = { name: FONT, size, bold: true };
		c.value = textValue(label, c.font);
		c.fill = HEAD_FILL;
		c.border = BORDER;
		c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
	});
	head.height = Math.ceil(30 * scale);

	let r = MATRIX_HEADER_ROW + 1;
	// The APA section ("IV. Action Plans") heads the table, as in the 2016 matrix; the importer skips it.
	const headings = [...(model.section ? [{ heading: model.section, size: 12, provisions: [] }] : []), ...matrixLayout(model)];
	for (const part of headings) {
		const row = ws.getRow(r);
		row.getCell(1).font = { name: FONT, size: Math.round(('size' in part ? part.size : 11) * scale), bold: true };
		row.getCell(1).value = textValue(part.heading, row.getCell(1).font);
		for (let c = 1; c <= ncols; c++) {
			row.getCell(c).fill = PART_FILL;
			row.getCell(c).border = BORDER;
		}
		row.getCell(1).alignment = { vertical: 'middle', horizontal: 'left' };
		row.height = Math.ceil(20 * scale);
		ws.mergeCells(r, 1, r, ncols);
		r++;
		for (const p of part.provisions) {
			const first = r;
			const heights: number[] = [];
			for (const bodyRow of p.rows) {
				// A cell taller than Excel's row limit continues in the next row, the body label repeated.
				const columns = bodyRow.cells.map((cell) => rowsOfCell(cell, scale));
				const count = Math.max(...columns.map((c) => c.length));
				for (let k = 0; k < count; k++) {
					const row = ws.getRow(r);
					columns.forEach((pieces, i) => {
						row.getCell(i + 2).value = cellValue(pieces[k] ?? [], bodyRow.cells[i], k === 0 && bodyRow.cells[i].lead, size);
					});
					row.getCell(ncols).value = bodyRow.label || null;
					for (let c = 1; c <= ncols; c++) {
						const x = row.getCell(c);
						x.font = { name: FONT, size, bold: c === ncols };
						x.alignment = c === ncols ? { vertical: 'top', horizontal: 'center', wrapText: true } : c === 1 ? TOP_WRAP : ENTRY_WRAP;
						x.border = BORDER;
					}
					const lines = Math.max(1, ...columns.map((c) => (c[k] ?? []).reduce((n, piece) => n + piece.lines, 0)), wrappedLines(bodyRow.label, BODY_WIDTH / scale));
					heights.push(xlsxRowHeight(lines, scale));
					r++;
				}
			}
			if (p.note) {
				const c = ws.getCell(first, 2);
				c.value = p.note;
				c.font = { name: FONT, size, italic: true, color: { argb: 'FF5B6675' } };
				ws.mergeCells(first, 2, first, ncols - 1);
			}
			// No merged provision cell: Excel and Calc print a merged cell's text once,
			// so a provision whose rows run onto the next page (or continue a cell past
			// the row limit) would show a blank provision there. The first row carries
			// the provision, every further row "a. (continued)", small and grey.
			ws.getCell(first, 1).value = textValue(p.label, { name: FONT, size });
			for (let row = first + 1; row < r; row++) {
				const c = ws.getCell(row, 1);
				c.value = continuedLabel(p.provision);
				c.font = { name: FONT, size: size - 1, color: { argb: CONTINUED_ARGB } };
			}
			// The first row is as tall as the provision's own text needs.
			heights[0] = Math.max(heights[0], xlsxRowHeight(wrappedLines(p.label, PROVISION_WIDTH / scale), scale));
			heights.forEach((h, i) => (ws.getRow(first + i).height = Math.min(XLSX_MAX_ROW_PT, h)));
		}
	}
}

function addEntriesSheet(wb: ExcelJS.Workbook, model: ExportModel): void {
	const ws = wb.addWorksheet(ENTRIES_SHEET, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
		pageSetup: {
			paperSize: 9, // A4
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			printTitlesRow: '1:1',
			margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		headerFooter: {
			differentFirst: false,
			differentOddEven: false,
			oddHeader: `&L&"${FONT},Bold"&9${headerText(model.board.title, 120)}&R&"${FONT},Regular"&9${headerText(dateLine(model), 80)}`,
			oddFooter: `&C&"${FONT},Regular"&9Page &P of &N`
		}
	});
	const widths = [10, 48, 24, 11, 7, 11, 70, 10, 11, 40];
	const wrap = new Set([1, 6, 9]);
	ws.columns = ENTRY_COLUMNS.map((_, i) => ({ width: widths[i] }));
	const head = ws.getRow(1);
	ENTRY_COLUMNS.forEach((label, i) => {
		const c = head.getCell(i + 1);
		c.value = label;
		c.font = { name: FONT, size: SIZE, bold: true };
		c.fill = HEAD_FILL;
		c.border = BORDER;
		c.alignment = { vertical: 'middle', wrapText: true };
	});
	entryRecords(model).forEach((record, n) => {
		const row = ws.getRow(n + 2);
		let lines = 1;
		record.forEach((value, i) => {
			const c = row.getCell(i + 1);
			c.font = { name: FONT, size: SIZE };
			c.value = textValue(value, c.font);
			c.alignment = wrap.has(i) ? TOP_WRAP : { vertical: 'top' };
			if (wrap.has(i)) lines = Math.max(lines, wrappedLines(value, widths[i]));
		});
		row.height = Math.min(XLSX_MAX_ROW_PT, xlsxRowHeight(lines));
	});
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ENTRY_COLUMNS.length } };
}

function addBodiesSheet(wb: ExcelJS.Workbook, model: ExportModel): void {
	const ws = wb.addWorksheet(BODIES_SHEET, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
		pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
	});
	ws.columns = [{ width: 12 }, { width: 100 }, { width: 8 }, { width: 10 }];
	const rows = [['Code', 'Name', 'Pillar', 'Part of'], ...model.bodies.map((b) => [b.code, b.name, b.pillar, b.parent ?? ''])];
	rows.forEach((values, n) => {
		const row = ws.getRow(n + 1);
		values.forEach((v, i) => {
			const c = row.getCell(i + 1);
			c.value = v || null;
			c.font = { name: FONT, size: SIZE, bold: n === 0 };
			if (n === 0) c.fill = HEAD_FILL;
		});
	});
}

/** The reservations on agreed entries, one row each: the footnotes of the matrix. */
function addReservationsSheet(wb: ExcelJS.Workbook, model: ExportModel): void {
	const ws = wb.addWorksheet(RESERVATIONS_HEADING, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
	ws.columns = [{ width: 5 }, { width: 40 }, { width: 10 }, { width: 60 }, { width: 12 }, { width: 60 }];
	const rows = [
		['No.', 'Cell', 'Body', 'Entry', 'Reserved by', 'Reservation'],
		...(model.reservations ?? []).map((r) => [r.mark, r.cell, r.entryBody, r.entry, r.by, r.text])
	];
	rows.forEach((values, n) => {
		const row = ws.getRow(n + 1);
		values.forEach((v, i) => {
			const c = row.getCell(i + 1);
			c.value = v === '' ? null : v;
			c.font = { name: FONT, size: SIZE, bold: n === 0 };
			c.alignment = { wrapText: true, vertical: 'top' };
			if (n === 0) c.fill = HEAD_FILL;
		});
	});
}

/**
 * The matrix as an Excel workbook: the 2016 layout on the "Matrix" sheet
 * (A3 landscape, header row repeated and frozen, "As of" and page numbers in
 * the page header and footer), every entry on a filterable "Entries" sheet,
 * and the body registry on "Bodies".
 */
export async function exportXlsx(model: ExportModel): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const when = metadataDate(model);
	wb.creator = 'Planning Board';
	wb.lastModifiedBy = 'Planning Board';
	wb.created = when;
	wb.modified = when;
	wb.title = model.board.title;
	addMatrixSheet(wb, model);
	addEntriesSheet(wb, model);
	// The legend of body acronyms.
	if (publicationOf(model).legend) addBodiesSheet(wb, model);
	if (model.reservations?.length) addReservationsSheet(wb, model);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

