import { describe, expect, it } from 'vitest';
import * as edit from '$lib/board/mutations';
import { exportCsv } from '$lib/server/export/csv';
import { parseCsv } from '$lib/server/import/csv';
import { seededDocsWithLeads, seededModel } from '../helpers/export-model';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('csv export', () => {
	it('is UTF-8 with a byte order mark, CRLF line ends and one row per entry', () => {
		const bytes = exportCsv(seededModel());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = decode(bytes);
		expect(text.endsWith('\r\n')).toBe(true);
		const records = parseCsv(text);
		expect(records[0]).toEqual(['Provision ref', 'Provision', 'Category', 'Body', 'Lead', 'Status', 'Text', 'Uncertain', 'Subsidiary', 'Note']);
		expect(records).toHaveLength(116);
		expect(records.every((r) => r.length === 10)).toBe(true);
	});

	it('puts each entry with its provision, category, body, lead, status and uncertain flag', () => {
		const records = parseCsv(decode(exportCsv(seededModel())));
		const lsp = records.find((r) => r[6].startsWith('Include activities like Lost & Stolen Passport'))!;
		expect(lsp.slice(0, 6)).toEqual(['A.c', expect.stringMatching(/^Put in place effective mechanisms/), 'Prevention', 'DGICM', 'yes', 'proposed']);
		expect(lsp[7]).toBe('yes');
		const acmw = records.filter((r) => r[8] === 'ACMW');
		expect(acmw).toHaveLength(8);
		expect(acmw.every((r) => r[3] === 'SLOM')).toBe(true);
		// Table order: A.a first, D.g last.
		expect(records[1][0]).toBe('A.a');
		expect(records.at(-1)![0]).toBe('D.g');
	});

	it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
		const docs = seededDocsWithLeads();
		edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Judges\' "bench book", part 1\nand part 2' }, { source: 'server' });
		const bytes = exportCsv(seededModel({ docs }));
		expect(decode(bytes)).toContain('"Judges\' ""bench book"", part 1\nand part 2"');
		const row = parseCsv(decode(bytes)).find((r) => r[0] === 'C.a')!;
		expect(row[6]).toBe('Judges\' "bench book", part 1\nand part 2');
	});

	it('gives the same bytes for the same state', () => {
		expect(Buffer.from(exportCsv(seededModel())).equals(Buffer.from(exportCsv(seededModel())))).toBe(true);
	});
});
