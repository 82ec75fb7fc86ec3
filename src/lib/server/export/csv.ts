import { csvText } from '../../csv-field';
import { entryRows, type ExportModel } from './model';

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

/** One entry as the values of `ENTRY_COLUMNS`. */
export function entryRecords(model: ExportModel): string[][] {
	const records: string[][] = [];
	for (const { provision, category, lead, entry } of entryRows(model)) {
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
	return records;
}

/**
 * One row per entry, RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte order
 * mark so Excel opens it with the right encoding; a field a spreadsheet would
 * evaluate gets an apostrophe in front (`csv-field.ts`).
 */
export function exportCsv(model: ExportModel): Uint8Array {
	return new TextEncoder().encode(csvText([ENTRY_COLUMNS, ...entryRecords(model)]));
}
