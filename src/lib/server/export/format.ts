import type { ExportFormat } from '../../contract/exports';
import { longDate } from '../../contract/dates';
import type { ExportModel } from './model';

// The minutes date their documents as the exports do.
export { longDate };

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8'
};

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
	return model.board.asOf ?? model.board.exportedOn;
}

/** "As of 31 May 2016": the board's own date, a field of its own beside the state label. */
export function asOfText(model: ExportModel): string {
	return `As of ${longDate(asOfDate(model))}`;
}

/**
 * What the exported state is, said honestly: a named version by its label
 * ("Version “Before the June meeting”"), a finalized board "Finalized 8 June
 * 2026", and the current state of an open board "Draft, exported 2 December 2026".
 */
export function stateLabel(model: ExportModel): string {
	const { version, status, finalizedOn, exportedOn } = model.board;
	if (version) return `Version “${version}”`;
	if (status === 'finalized') return `Finalized ${longDate(finalizedOn ?? exportedOn)}`;
	return `Draft, exported ${longDate(exportedOn)}`;
}

/** "Draft, exported 2 December 2026 · As of 31 May 2016": the date line under the title and in every page header. */
export function dateLine(model: ExportModel): string {
	return model.board.asOf ? `${stateLabel(model)} · ${asOfText(model)}` : stateLabel(model);
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

/**
 * The download's file name, following the state label:
 * `<board-id>-draft-<export day>`, `<board-id>-<version slug>` or
 * `<board-id>-finalized-<day>`, then the extension.
 */
export function exportFileName(model: ExportModel, format: ExportFormat): string {
	const { id, version, status, finalizedOn, exportedOn } = model.board;
	const state = version ? slug(version) : status === 'finalized' ? `finalized-${finalizedOn ?? exportedOn}` : `draft-${exportedOn}`;
	return `${id}-${state}.${format}`;
}

/**
 * A fixed timestamp for document metadata (creation dates inside xlsx and
 * docx, the PDF info dictionary): noon UTC of the day the state is from (the
 * version's or the finalization's day, else the export's), so two exports of
 * the same state on a day have the same bytes, and a draft does not claim to
 * be from the board's "as of" day.
 */
export function metadataDate(model: ExportModel): Date {
	const { version, versionOn, status, finalizedOn, exportedOn } = model.board;
	const day = (version ? versionOn : status === 'finalized' ? finalizedOn : null) ?? exportedOn;
	return new Date(`${day}T12:00:00Z`);
}
