import { badRequest } from '../app-error';
import ExcelJS from 'exceljs';
import { CONTINUED_MARK } from '../../board/xlsx-rows';
import { isContinuedLabel, isFootnoteMark, LEAD_MARK } from '../export/layout';
import { ENTRIES_SHEET, MATRIX_SHEET } from '../export/xlsx';
import { headerIndex, rawRows, wordingNotes } from './csv';
import {
	matchCategory,
	normaliseRef,
	placeRows,
	type ImportBase,
	type ImportPlan,
	type ImportProblem,
	type PlannedLead,
	type RawRow,
	type RegistryBody
} from './plan';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "31 May 2016" → "2016-05-31" (null when it is not such a date). */
export function parseLongDate(text: string): string | null {
	const m = /(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(text);
	if (!m) return null;
	const month = MONTHS.indexOf(m[2].toLowerCase());
	if (month < 0) return null;
	return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

/**
 * The board's "as of" day from an export's date line ("Draft, exported 2
 * December 2026 · As of 31 May 2016"): the date after "As of", never the
 * export's or a version's own date.
 */
export function asOfOfDateLine(line: string): string | null {
	const asOf = /\bas of\s+(.*)$/i.exec(line);
	if (asOf) return parseLongDate(asOf[1]);
	return /exported|finalized|version/i.test(line) ? null : parseLongDate(line);
}

function text(cell: ExcelJS.Cell): string {
	const v = cell.value;
	if (v == null) return '';
	// A reservation's footnote number, superscript after its entry (our export), is not the entry's text.
	if (typeof v === 'object' && 'richText' in v) return v.richText.filter((r) => !(r.font?.vertAlign === 'superscript' && isFootnoteMark(r.text))).map((r) => r.text).join('');
	if (typeof v === 'object' && 'text' in v) return String(v.text);
	if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
	if (v instanceof Date) return v.toISOString().slice(0, 10);
	return String(v);
}

/** A merged cell's top-left (which holds the value), else the cell itself. */
const isMasterOf = (cell: ExcelJS.Cell) => !cell.isMerged || cell.master.address === cell.address;

function rowsOfSheet(ws: ExcelJS.Worksheet): string[][] {
	const rows: string[][] = [];
	for (let r = 1; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		const values: string[] = [];
		for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) values.push(text(row.getCell(c)));
		rows.push(values);
	}
	return rows;
}

/** The "Entries" sheet: one entry per row under a header, like the CSV. */
function planFromEntries(fileName: string, ws: ExcelJS.Worksheet, base: ImportBase, registry: readonly RegistryBody[]): ImportPlan {
	const rows = rowsOfSheet(ws);
	if (rows.length < 2) throw badRequest(`The “${ws.name}” sheet has no entries.`);
	const index = headerIndex(rows[0], `The “${ws.name}” sheet`);
	const plan = placeRows('xlsx', fileName, rawRows(rows.slice(1), index, (n) => `${ws.name} row ${n + 2}`), base, registry);
	plan.notes.push(...wordingNotes(rows[0], rows.slice(1), base));
	return plan;
}

/**
 * The "Matrix" sheet in the 2016 layout: part headings as merged rows, the
 * provision cell ("a. …") spanning its body rows, entries as "•" lines in
 * the category columns, "Lead" marking the lead body's cell.
 */
function planFromMatrix(fileName: string, ws: ExcelJS.Worksheet, base: ImportBase, registry: readonly RegistryBody[]): ImportPlan {
	let headerRow = 0;
	for (let r = 1; r <= Math.min(ws.rowCount, 30) && !headerRow; r++) {
		if (text(ws.getCell(r, 1)).trim().toLowerCase() === 'provision') headerRow = r;
	}
	if (!headerRow) throw badRequest(`The “${ws.name}” sheet has no header row starting with “Provision”, so it is not in the matrix layout.`);
	const header = ws.getRow(headerRow);
	const labels: string[] = [];
	for (let c = 1; c <= Math.max(header.cellCount, ws.columnCount); c++) labels.push(text(header.getCell(c)).trim());
	const bodyCol = labels.findLastIndex((l) => /body|organ/i.test(l)) + 1;
	if (bodyCol < 3) throw badRequest(`The “${ws.name}” sheet has no “Sectoral Body / Organ” column.`);
	const problems: ImportProblem[] = [];
	const columns: { col: number; category: string }[] = [];
	for (let c = 2; c < bodyCol; c++) {
		const category = matchCategory(labels[c - 1], base.categories);
		if (category) columns.push({ col: c, category });
		else if (labels[c - 1]) problems.push({ where: `${ws.name} column ${c}`, reason: `“${labels[c - 1]}” is not a category of the board; its entries are not placed` });
	}
	const knownParts = new Set(base.parts.map((p) => p.id));
	const rows: RawRow[] = [];
	const leads: (PlannedLead & { where: string })[] = [];
	let part = '';
	let ref = '';
	// The last entry read per column, for an entry the export continued in the next row ("… rest").
	const lastInColumn = new Map<number, RawRow>();
	for (let r = headerRow + 1; r <= ws.rowCount; r++) {
		const first = ws.getCell(r, 1);
		const firstText = text(first).trim();
		// A part heading is one cell merged across the row.
		if (isMasterOf(first) && ws.getCell(r, bodyCol).isMerged && ws.getCell(r, bodyCol).master.address === first.address) {
			// A section heading ("IV. Action Plans") stands above the parts: nothing to place.
			if (/^[IVXLC]+\.\s/.test(firstText) && !knownParts.has(firstText.split('.')[0])) continue;
			const m = /^([A-Z]+)\.\s/.exec(firstText);
			part = m && knownParts.has(m[1]) ? m[1] : '';
			if (!part) problems.push({ where: `${ws.name} row ${r}`, reason: `“${firstText.slice(0, 60)}” is not a part of the board (A–D); its provisions are not placed` });
			continue;
		}
		// "a. (continued)": a further row of the provision above (our export repeats the provision in every row).
		if (isMasterOf(first) && !isContinuedLabel(firstText)) {
			const m = /^([a-z]+[0-9]*(?:-\d+)?)\.\s/i.exec(firstText);
			ref = m && part ? `${part}.${m[1]}` : '';
			lastInColumn.clear();
			if (firstText && !ref && part) problems.push({ where: `${ws.name} row ${r}`, reason: 'the provision cell does not start with its letter (“a. …”)' });
		}
		const bodyLabel = text(ws.getCell(r, bodyCol)).trim();
		for (const { col, category } of columns) {
			const lines = text(ws.getCell(r, col)).split(/\r?\n/);
			const items: string[] = [];
			let lead = false;
			let carried: string | null = null;
			const previous = lastInColumn.get(col);
			if (previous && previous.body === bodyLabel && lines[0].startsWith(`${CONTINUED_MARK} `)) {
				carried = lines.shift()!.slice(CONTINUED_MARK.length + 1);
				while (lines.length > 0 && lines[0].startsWith('  ')) carried += `\n${lines.shift()!.slice(2)}`;
				previous.text += ` ${carried}`;
			}
			for (const line of lines) {
				if (line.trim() === LEAD_MARK && items.length === 0) lead = true;
				else if (/^\s*[•\-*]\s*/.test(line) && !line.startsWith('  ')) items.push(line.replace(/^\s*[•\-*]\s*/, ''));
				else if (items.length > 0) items[items.length - 1] += `\n${line.replace(/^ {2}/, '')}`;
				else if (line.trim()) items.push(line.trim());
			}
			const where = `${ws.name} row ${r}, ${labels[col - 1]}`;
			for (const item of items) {
				const row = { where, ref, category, body: bodyLabel, subsidiary: '', lead: '', status: '', text: item, uncertain: '', note: '' };
				rows.push(row);
				lastInColumn.set(col, row);
			}
			if (lead && ref && bodyLabel) {
				const body = /^\s*([^()]+?)\s*(?:\(|$)/.exec(bodyLabel)?.[1].toUpperCase() ?? bodyLabel;
				leads.push({ provision: normaliseRef(ref), category, body, where });
			}
		}
	}
	const plan = placeRows('xlsx', fileName, rows, base, registry, leads.filter((l) => base.provisions.some((p) => p.ref === l.provision)));
	plan.problems.unshift(...problems);
	plan.notes.push('The matrix layout has no status, “uncertain” flag or note: its entries come in as proposed and certain.');
	return plan;
}

/** The import plan of an xlsx workbook: its "Entries" sheet when it has one, else the matrix layout. */
export async function planFromXlsx(fileName: string, bytes: Uint8Array, base: ImportBase, registry: readonly RegistryBody[]): Promise<ImportPlan> {
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		throw badRequest('This file is not a readable Excel workbook (.xlsx).');
	}
	const entries = wb.getWorksheet(ENTRIES_SHEET);
	const matrix = wb.getWorksheet(MATRIX_SHEET) ?? wb.worksheets[0];
	if (!entries && !matrix) throw badRequest('This workbook has no sheets.');
	let title = base.title;
	let asOf = base.asOf;
	if (matrix && text(matrix.getCell(1, 1)).trim().toLowerCase() !== 'provision') {
		title = text(matrix.getCell(1, 1)).trim() || title;
		asOf = asOfOfDateLine(text(matrix.getCell(2, 1))) ?? asOf;
	}
	const plan = entries ? planFromEntries(fileName, entries, base, registry) : planFromMatrix(fileName, matrix!, base, registry);
	return { ...plan, title, asOf };
}

