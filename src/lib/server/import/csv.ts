import { badRequest } from '../app-error';
import { placeRows, type ImportBase, type ImportPlan, type RawRow, type RegistryBody } from './plan';

/**
 * Parses RFC 4180 text (quoted fields, doubled quotes, CRLF or LF; a leading
 * byte order mark is dropped). The delimiter is a comma, or a semicolon when
 * the header row has semicolons and no commas (Excel in many locales).
 */
export function parseCsv(input: string): string[][] {
	const text = input.replace(/^\uFEFF/, '');
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else field += c;
			i++;
			continue;
		}
		if (c === '"' && field === '') quoted = true;
		else if (c === delimiter) {
			record.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			if (c === '\r' && text[i + 1] === '\n') i++;
		} else field += c;
		i++;
	}
	if (quoted) throw badRequest(`Row ${records.length + 1}: a quoted field is never closed, so the file is not valid CSV.`);
	if (field !== '' || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	return records;
}

const isBlank = (r: readonly string[]) => r.every((f) => f.trim() === '');

type Column = Exclude<keyof RawRow, 'where'>;

/** Header names (lowercased, letters only) each column is known by. */
const HEADER_ALIASES: Record<Column, string[]> = {
	ref: ['provisionref', 'ref', 'provisionreference'],
	category: ['category', 'column'],
	body: ['body', 'sectoralbody', 'sectoralbodyorgan'],
	subsidiary: ['subsidiary', 'subsidiarybody'],
	lead: ['lead', 'leadbody', 'islead'],
	status: ['status'],
	text: ['text', 'entry', 'activity'],
	uncertain: ['uncertain'],
	note: ['note', 'notes']
};
const REQUIRED: Column[] = ['ref', 'category', 'body', 'text'];
const LABEL: Record<Column, string> = {
	ref: 'Provision ref',
	category: 'Category',
	body: 'Body',
	subsidiary: 'Subsidiary',
	lead: 'Lead',
	status: 'Status',
	text: 'Text',
	uncertain: 'Uncertain',
	note: 'Note'
};

/** Maps a header row to column positions; AppError 400 naming any required column that is missing. */
export function headerIndex(header: readonly string[], what: string): Record<Column, number> {
	const keys = header.map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
	const index = {} as Record<Column, number>;
	for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [Column, string[]][]) {
		index[column] = keys.findIndex((k) => aliases.includes(k));
	}
	const missing = REQUIRED.filter((c) => index[c] === -1);
	if (missing.length > 0) {
		throw badRequest(
			`${what} has no ${missing.map((c) => `“${LABEL[c]}”`).join(', ')} column. ` +
				`Expected the columns of a Planning Board export (${Object.values(LABEL).join(', ')}); found: ${header.filter(Boolean).join(', ') || 'nothing'}.`
		);
	}
	return index;
}

/** Turns the records under a header into raw rows (blank ones skipped); `where(n)` names the n-th record (0-based) for the preview. */
export function rawRows(records: readonly string[][], index: Record<Column, number>, where: (n: number) => string): RawRow[] {
	return records.flatMap((r, n) => {
		if (isBlank(r)) return [];
		const get = (c: Column) => (index[c] >= 0 ? (r[index[c]] ?? '') : '');
		return [{
			where: where(n),
			ref: get('ref'),
			category: get('category'),
			body: get('body'),
			subsidiary: get('subsidiary'),
			lead: get('lead'),
			status: get('status'),
			text: get('text'),
			uncertain: get('uncertain'),
			note: get('note')
		}];
	});
}

/** The import plan of a CSV file in the export's layout (one row per entry), placed onto `base`. */
export function planFromCsv(fileName: string, bytes: Uint8Array, base: ImportBase, registry: readonly RegistryBody[]): ImportPlan {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw badRequest('This file is not UTF-8 text. Save the CSV as “CSV UTF-8” and try again.');
	}
	const records = parseCsv(text);
	while (records.length > 0 && isBlank(records[0])) records.shift();
	if (records.length === 0) throw badRequest('This CSV file is empty.');
	const index = headerIndex(records[0], 'This CSV file');
	// Row numbers as a spreadsheet shows them: the header is row 1.
	const rows = rawRows(records.slice(1), index, (n) => `Row ${n + 2}`);
	if (rows.length === 0) throw badRequest('This CSV file has a header but no entries.');
	return placeRows('csv', fileName, rows, base, registry);
}
