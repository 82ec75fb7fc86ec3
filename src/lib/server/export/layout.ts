import { bulletLine, type CellPiece } from '../../board/xlsx-rows';
import { DEFAULT_PUBLICATION, NO_ACTIVITIES, type PublicationOptions } from '../../contract/exports';
import { footnoteMark } from '../../board/view';
import type { ExportEntry, ExportModel, ExportProvision, ExportReservation } from './model';

/**
 * The printed matrix, as the 2016 document lays it out: per part a heading,
 * per provision one row for each body with entries (the provision cell spans
 * them), and the categories as columns. Shared by the xlsx, docx and pdf
 * renderers so the three always agree.
 */

export interface LayoutCell {
	/** This row's body leads the cell (provision × category). */
	lead: boolean;
	entries: ExportEntry[];
}

export interface LayoutBodyRow {
	/** "SOMTC", or "SLOM (ACMW)" for a subsidiary's entries. */
	label: string;
	body: string;
	subsidiary: string | null;
	/** One per category, in column order. */
	cells: LayoutCell[];
}

export interface LayoutProvision {
	provision: ExportProvision;
	/** "a. Increase awareness…": the provision column's text. */
	label: string;
	/** At least one row: a provision with no entries gets one empty row, a visible gap. */
	rows: LayoutBodyRow[];
	/** Printed across the category columns of that empty row ("No activities proposed"), when asked for. */
	note: string | null;
}

export interface LayoutPart {
	id: string;
	/** "A. Prevention of Trafficking in Persons". */
	heading: string;
	provisions: LayoutProvision[];
}

/** The header row of the matrix: Provision, the categories, Sectoral Body / Organ. */
export function headerLabels(model: ExportModel): string[] {
	return ['Provision', ...model.categories.map((c) => c.name), 'Sectoral Body / Organ'];
}

export { BULLET, LEAD_MARK } from '../../board/xlsx-rows';

function bodyRank(model: ExportModel): (code: string) => number {
	const index = new Map(model.bodies.map((b, i) => [b.code, i]));
	return (code) => index.get(code) ?? model.bodies.length;
}

function rowsOf(model: ExportModel, provision: ExportProvision): LayoutBodyRow[] {
	const rank = bodyRank(model);
	const rows = new Map<string, LayoutBodyRow>();
	const rowFor = (body: string, subsidiary: string | null): LayoutBodyRow => {
		const key = `${body}|${subsidiary ?? ''}`;
		let row = rows.get(key);
		if (!row) {
			row = {
				label: subsidiary ? `${body} (${subsidiary})` : body,
				body,
				subsidiary,
				cells: model.categories.map(() => ({ lead: false, entries: [] }))
			};
			rows.set(key, row);
		}
		return row;
	};
	model.categories.forEach((c, i) => {
		for (const e of provision.cells[c.id].entries) rowFor(e.body, e.subsidiary).cells[i].entries.push(e);
	});
	const sorted = () =>
		[...rows.values()].sort(
			(a, b) =>
				rank(a.body) - rank(b.body) ||
				a.body.localeCompare(b.body) ||
				(a.subsidiary === null ? -1 : b.subsidiary === null ? 1 : rank(a.subsidiary) - rank(b.subsidiary)) ||
				(a.subsidiary ?? '').localeCompare(b.subsidiary ?? '')
		);
	// The lead is marked in the lead body's own row (its main row first); a lead
	// body without entries in that provision still gets a row to carry the mark.
	model.categories.forEach((c, i) => {
		const lead = provision.cells[c.id].lead;
		if (!lead) return;
		const row = sorted().find((r) => r.body === lead) ?? rowFor(lead, null);
		row.cells[i].lead = true;
	});
	const result = sorted();
	if (result.length === 0) result.push({ label: '', body: '', subsidiary: null, cells: model.categories.map(() => ({ lead: false, entries: [] })) });
	return result;
}

/** The publication options of a model (the defaults unless it has its own). */
export function publicationOf(model: ExportModel): PublicationOptions {
	return model.publication ?? DEFAULT_PUBLICATION;
}

/**
 * The matrix of a model, part by part, in the board's order; provisions
 * without entries as the publication options say (an empty row, left out,
 * or "No activities proposed").
 */
export function matrixLayout(model: ExportModel): LayoutPart[] {
	const options = publicationOf(model);
	const parts = new Map<string, LayoutPart>();
	for (const p of model.parts) parts.set(p.id, { id: p.id, heading: `${p.id}. ${p.title}`, provisions: [] });
	for (const provision of model.provisions) {
		let part = parts.get(provision.part);
		if (!part) {
			part = { id: provision.part, heading: provision.part, provisions: [] };
			parts.set(provision.part, part);
		}
		const rows = rowsOf(model, provision);
		const empty = rows.length === 1 && rows[0].body === '';
		if (empty && options.emptyProvisions === 'omit') continue;
		part.provisions.push({ provision, label: `${provision.letter}. ${provision.text}`, rows, note: empty && options.emptyProvisions === 'note' ? NO_ACTIVITIES : null });
	}
	return [...parts.values()].filter((p) => p.provisions.length > 0);
}

/** What a provision's further rows say in its column: "a. (continued)", so no row's provision cell is blank on a new page. */
export function continuedLabel(provision: ExportProvision): string {
	return `${provision.letter}. ${CONTINUED_PROVISION}`;
}

/** The words after the letter in a provision's further rows. */
export const CONTINUED_PROVISION = '(continued)';

/** A provision cell of a further row ("a. (continued)"), which the importers read as the provision above. */
export const isContinuedLabel = (text: string) => /^[a-z]+[0-9]*(?:-\d+)?\.\s+\(continued\)$/i.test(text.trim());

/**
 * Whether a superscript run is a footnote mark (`footnoteMark`, superscript
 * after its entry in Word and Excel): the importers skip it, so an entry
 * reads back as written.
 */
export const isFootnoteMark = (text: string) => /^\[\d{1,5}\]$/.test(text.trim());

/** What follows a reserved entry's text as it is laid out: a no-break space keeps the mark on the entry's last line and row. */
const markSuffix = (n: number, glue = '\u00a0') => `${glue}${footnoteMark(n)}`;

/**
 * An entry's text as the matrix lays it out: with its reservation's
 * footnote mark, if any, after a no-break space (`glue`: what else to join
 * them with, for a renderer that breaks lines at no-break spaces too).
 */
export function markedText(entry: ExportEntry, glue?: string): string {
	return entry.reservation ? `${entry.text}${markSuffix(entry.reservation, glue)}` : entry.text;
}

/** An entry as a bullet line (continuation lines of a multi-line entry indented under it), its footnote mark after it. */
export function bulletText(entry: ExportEntry): string {
	return bulletLine(markedText(entry));
}

/**
 * A laid-out piece of a cell (`packRows` of the lead mark, then the cell's
 * `markedText`s) split into its text and the footnote mark its last piece
 * ends with, for formats that print the mark as a superscript run.
 */
export function pieceMark(piece: CellPiece, cell: { lead: boolean; entries: readonly ExportEntry[] }): { text: string; mark: string | null } {
	const n = cell.entries[piece.source - (cell.lead ? 1 : 0)]?.reservation;
	const suffix = n ? markSuffix(n) : null;
	if (!piece.last || !suffix || !piece.text.endsWith(suffix)) return { text: piece.text, mark: null };
	return { text: piece.text.slice(0, -suffix.length), mark: footnoteMark(n!) };
}

/** The heading of the reservations after the matrix, in every format. */
export const RESERVATIONS_HEADING = 'Reservations';

/** One reservation as a footnote line: "1. A.b · Training/Capacity Building, SOMTC entry “…”: reservation by ACWC: …". */
export function reservationLine(r: ExportReservation): string {
	return `${r.mark}. ${r.cell}, ${r.entryBody} entry “${r.entry}”: reservation by ${r.by}${r.text ? `: ${r.text}` : '.'}`;
}
