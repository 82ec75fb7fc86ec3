import type { ExportModel } from './model';

/** The formats a board exports to, in the order the export dialog offers them. */
export const EXPORT_FORMATS = ['xlsx', 'docx', 'pdf', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8'
};

export function isExportFormat(value: unknown): value is ExportFormat {
	return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

const MONTHS = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December'
];

/**
 * "31 May 2016" for "2016-05-31". Written out by hand rather than with Intl so
 * the bytes of an export never depend on the ICU data of the machine.
 */
export function longDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	if (!m) return iso;
	return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "8 June 2026, 14:05 UTC" for a time in ms: the dates of the discussion annex, the same on every machine. */
export function longDateTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${longDate(iso)}, ${iso.slice(11, 16)} UTC`;
}

/** Today as an ISO date (UTC), for boards that have no "as of" date. */
export function today(now = new Date()): string {
	return now.toISOString().slice(0, 10);
}

/** The ISO date an export is "as of": the board's, else the day of the export. */
export function asOfDate(model: ExportModel): string {
	return model.board.asOf ?? today();
}

/** "As of 31 May 2016". */
export function asOfText(model: ExportModel): string {
	return `As of ${longDate(asOfDate(model))}`;
}

/** What an export is labelled with: the named version, else "Finalized" for a finalized board, else nothing. */
export function exportLabel(model: ExportModel): string | null {
	if (model.board.version) return model.board.version;
	return model.board.status === 'finalized' ? 'Finalized' : null;
}

/** "As of 31 May 2016 · Finalized": the date line of every page. */
export function dateLine(model: ExportModel): string {
	const label = exportLabel(model);
	return label ? `${asOfText(model)} · ${label}` : asOfText(model);
}

/** A file-name-safe lowercase form of a label ("As of 31 May" → "as-of-31-may"). */
export function slug(value: string, max = 48): string {
	return (
		value
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, max)
			.replace(/-+$/, '') || 'export'
	);
}

/** `<board-id>-<asOf or today>[-<version>].<ext>`: the download's file name. */
export function exportFileName(model: ExportModel, format: ExportFormat): string {
	const parts = [model.board.id, asOfDate(model)];
	if (model.board.version) parts.push(slug(model.board.version));
	return `${parts.join('-')}.${format}`;
}

/**
 * A fixed timestamp for document metadata (creation dates inside xlsx and
 * docx, the PDF info dictionary): noon UTC of the "as of" date, so two exports
 * of the same state have the same bytes.
 */
export function metadataDate(model: ExportModel): Date {
	return new Date(`${asOfDate(model)}T12:00:00Z`);
}
