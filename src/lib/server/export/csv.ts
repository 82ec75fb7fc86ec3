import { csvText } from '../../csv-field';
import type { ExportModel } from './model';

/** Column headers of the CSV export and of the xlsx "Entries" sheet, in order. */
export const ENTRY_COLUMNS = [
	'Provision ref',
	'Provision',
	'Category',
	'Body',
	'Lead',
	'Status',
	'Text',
	'Uncertain',
	'Subsidiary',
	'Note'
] as const;

/**
 * One entry as the values of `ENTRY_COLUMNS`, in table order; a cell whose
 * lead body has no entry in it gets a lead row too (Lead `yes`, no text), so
 * the lead survives a round trip.
 */
export function entryRecords(model: ExportModel): string[][] {
	const records: string[][] = [];
	for (const provision of model.provisions) {
		for (const category of model.categories) {
			const { lead, entries } = provision.cells[category.id];
			for (const entry of entries) {
				records.push([
					provision.ref,
					provision.text,
					category.name,
					entry.body,
					lead === entry.body ? 'yes' : 'no',
					entry.status,
					entry.text,
					entry.uncertain ? 'yes' : 'no',
					entry.subsidiary ?? '',
					entry.note ?? ''
				]);
			}
			if (lead && !entries.some((e) => e.body === lead)) records.push([provision.ref, provision.text, category.name, lead, 'yes', '', '', '', '', '']);
		}
	}
	return records;
}

/**
 * One row per entry (and per lead without entries), RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte order
 * mark so Excel opens it with the right encoding; a field a spreadsheet would
 * evaluate gets an apostrophe in front (`csv-field.ts`).
 */
export function exportCsv(model: ExportModel): Uint8Array {
	return new TextEncoder().encode(csvText([ENTRY_COLUMNS, ...entryRecords(model)]));
}
