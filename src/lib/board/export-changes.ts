import { neutraliseFormula } from '../csv-field';
import { cellKey } from './doc';
import type { BoardView } from './view';
import { bulletLine, cellRows, LEAD_MARK, wrappedLines, XLSX_MAX_LINES } from './xlsx-rows';

/** Something an export prints differently from the board, and where. */
export interface ExportChange {
	/** "A.b × Research Development, SOMTC", or "Title". */
	where: string;
	change: string;
}

/** Entries sheet's Text column width, in Excel's character units. */
const ENTRIES_TEXT_WIDTH = 70;
/**
 * Lines of a PDF category column on one A4 page, in `wrappedLines` units of
 * the column (an estimate: the PDF measures the glyphs, the check cannot).
 */
const PDF_COLUMN_WIDTH = 30;
const PDF_LINES_PER_PAGE = 52;
/** Characters of the title the page headers keep. */
export const HEADER_TITLE_MAX = 120;

/**
 * What the exports will still change, for the pre-export check: cells that
 * continue over several Excel rows (Excel's 409 pt row limit), entries that
 * continue across PDF pages, rows of the Entries sheet too tall to show whole,
 * texts the CSV writes with an apostrophe in front, a title the page headers shorten.
 */
export function exportChanges(view: BoardView): ExportChange[] {
	const changes: ExportChange[] = [];
	if (view.title.length > HEADER_TITLE_MAX) {
		changes.push({ where: 'Title', change: `shortened to ${HEADER_TITLE_MAX} characters in the page headers of the Excel and PDF files (the title line keeps all of it)` });
	}
	const refOf = new Map(view.provisions.map((p) => [p.id, `${p.part}.${p.letter}`]));
	const categoryName = new Map(view.categories.map((c) => [c.id, c.name]));
	// Per cell and body row (a subsidiary has its own row), in display order.
	const rows = new Map<string, { where: string; lead: boolean; texts: string[] }>();
	const ordered = [...view.entries].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
	for (const e of ordered) {
		const ref = refOf.get(e.provision);
		const category = categoryName.get(e.category);
		if (!ref || !category) continue;
		const label = e.subsidiary ? `${e.body} (${e.subsidiary})` : e.body;
		const where = `${ref} × ${category}, ${label}`;
		const key = `${cellKey(e.provision, e.category)}|${label}`;
		const row = rows.get(key) ?? { where, lead: !e.subsidiary && view.leads[cellKey(e.provision, e.category)] === e.body, texts: [] };
		row.texts.push(bulletLine(e.text));
		rows.set(key, row);
		if (wrappedLines(e.text, PDF_COLUMN_WIDTH) > PDF_LINES_PER_PAGE) changes.push({ where, change: 'an entry taller than a page: it continues on the next PDF page' });
		if (wrappedLines(e.text, ENTRIES_TEXT_WIDTH) > XLSX_MAX_LINES) changes.push({ where, change: 'an entry too tall for one row of the Entries sheet: the row shows its start (the cell holds all of it)' });
		if (neutraliseFormula(e.text) !== e.text) changes.push({ where, change: `starts with “${e.text.slice(0, 1).replace(/\s/, '␣')}”: the CSV writes it with an apostrophe in front, so a spreadsheet does not run it as a formula (an import removes it)` });
	}
	for (const row of rows.values()) {
		const n = cellRows([...(row.lead ? [LEAD_MARK] : []), ...row.texts]).length;
		if (n > 1) changes.push({ where: row.where, change: `continues over ${n} rows of the Excel matrix (a row holds at most 409 pt), the body repeated` });
	}
	return changes;
}
