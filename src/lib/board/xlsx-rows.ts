/**
 * How the Excel matrix sizes and splits its rows. Shared by the xlsx export
 * and the pre-export check, so the check names exactly the cells the export
 * continues over several rows.
 *
 * Excel does not size rows for merged cells and Calc only on demand, so row
 * heights are set from an estimate of the wrapped text; and Excel caps a row
 * at 409 pt, so a cell with more lines than that would be clipped on screen
 * and in print. Such a cell continues in the next row instead.
 */

/** Points per line of Arial 10 (Excel's default row height for it). */
export const XLSX_LINE_PT = 12.75;
/** Excel's largest row height. */
export const XLSX_MAX_ROW_PT = 409;
/** Column widths of the matrix sheet, in Excel's character units. */
export const XLSX_WIDTHS = { provision: 44, category: 40, body: 14 } as const;
/**
 * The indent of the matrix's category cells (Excel's `alignment.indent`, one
 * step being three spaces of the cell's font, about 1.5 column units): the
 * bullets stand off the cell border. Excel and Calc have no hanging indent in
 * a cell, so an entry's wrapped lines start under its bullet, not its text.
 */
export const XLSX_ENTRY_INDENT = 1;
const INDENT_UNITS = 1.5;
/** Lines that fit in one row. */
export const XLSX_MAX_LINES = Math.floor((XLSX_MAX_ROW_PT - 5) / XLSX_LINE_PT);
/** What a continued entry's next part starts with, in place of its bullet. */
export const CONTINUED_MARK = '…';

/** The bullet in front of every entry line. */
export const BULLET = '•';
/** The text of a lead marker in a cell. */
export const LEAD_MARK = 'Lead';

/** An entry as a bullet line (continuation lines of a multi-line entry indented under it). */
export function bulletLine(text: string): string {
	return `${BULLET} ${text.replace(/\r?\n/g, '\n  ')}`;
}

/**
 * Lines `text` takes when wrapped at `width` column units (Arial 10 fits
 * about 1.3–1.4 characters per unit; the estimate takes 1.3, erring on white
 * space rather than clipped text).
 */
export function wrappedLines(text: string, width: number): number {
	const perLine = Math.max(8, Math.floor(width * 1.3));
	let lines = 0;
	for (const paragraph of text.split('\n')) {
		let used = 0;
		let count = 1;
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const len = word.length;
			if (used === 0) {
				count += Math.floor(Math.max(0, len - 1) / perLine);
				used = len % perLine || perLine;
			} else if (used + 1 + len <= perLine) used += 1 + len;
			else {
				count += 1 + Math.floor(Math.max(0, len - 1) / perLine);
				used = len % perLine || perLine;
			}
		}
		lines += count;
	}
	return lines;
}

/** The row height (pt) for `lines` lines of Arial 10 × `scale` (1.4 for the larger type). */
export const xlsxRowHeight = (lines: number, scale = 1) => Math.ceil(lines * XLSX_LINE_PT * scale + 5);

/** One piece of a cell in one row: an entry's bullet text, or the rest of one continued from the row above. */
export interface CellPiece {
	text: string;
	lines: number;
	/** The rest of an entry cut at the end of the row above (its text starts with "… "). */
	continued: boolean;
	/** Which of the packed texts it is (a part of). */
	source: number;
	/** It ends its text: what follows the text (a footnote mark) is printed here. */
	last: boolean;
}

/** Cuts one too-long text into pieces of at most `max` lines, at spaces; the pieces after the first start with "… ". */
function cutText(text: string, width: number, max: number): Omit<CellPiece, 'source' | 'last'>[] {
	const pieces: Omit<CellPiece, 'source' | 'last'>[] = [];
	let current = '';
	for (const word of text.split(/(?<= )/)) {
		const next = current + word;
		if (current && wrappedLines(next, width) > max) {
			pieces.push({ text: current.trimEnd(), lines: wrappedLines(current.trimEnd(), width), continued: pieces.length > 0 });
			current = `${CONTINUED_MARK} ${word}`;
		} else current = next;
	}
	if (current) pieces.push({ text: current, lines: wrappedLines(current, width), continued: pieces.length > 0 });
	return pieces;
}

/**
 * `texts` packed into rows of at most `max` lines wrapped at `width`
 * (`wrappedLines` units), a text taller than a row cut between words. One
 * row when everything fits.
 */
export function packRows(texts: readonly string[], width: number, max: number): CellPiece[][] {
	const rows: CellPiece[][] = [[]];
	let used = 0;
	for (const [source, text] of texts.entries()) {
		const lines = wrappedLines(text, width);
		const cut = lines > max ? cutText(text, width, max) : [{ text, lines, continued: false }];
		const pieces = cut.map((piece, i) => ({ ...piece, source, last: i === cut.length - 1 }));
		for (const piece of pieces) {
			if (used + piece.lines > max && rows.at(-1)!.length > 0) {
				rows.push([]);
				used = 0;
			}
			rows.at(-1)!.push(piece);
			used += piece.lines;
		}
	}
	return rows;
}

/**
 * The rows one cell of the matrix takes: `texts` (the lead mark, then the
 * bullet texts) packed into rows of at most `XLSX_MAX_LINES` lines (at
 * type `scale` times Arial 10: fewer), an entry
 * taller than a row cut between words. One row when everything fits.
 */
export function cellRows(texts: readonly string[], width: number = XLSX_WIDTHS.category, scale = 1): CellPiece[][] {
	// Type `scale` times larger: fewer characters per line, fewer lines per row; the indent takes its share of the width.
	const w = width / scale - XLSX_ENTRY_INDENT * INDENT_UNITS;
	return packRows(texts, w, Math.floor((XLSX_MAX_ROW_PT - 5) / (XLSX_LINE_PT * scale)));
}
