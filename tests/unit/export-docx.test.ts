import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommentView, ThreadView } from '$lib/board/discussion';
import { readBoard } from '$lib/board/view';
import { openDatabase } from '$lib/server/db';
import { exportDocx } from '$lib/server/export/docx';
import { loadExportModel, type ExportSource } from '$lib/server/export/source';
import { seededDocsWithLeads, seededModel } from '../helpers/export-model';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The text of an XML fragment: its w:t runs, paragraphs joined by newlines. */
function textOf(xml: string): string {
	return xml
		.split(/<\/w:p>/)
		.map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join(''))
		.filter(Boolean)
		.join('\n');
}

interface Row {
	header: boolean;
	cells: { text: string; continued: boolean; span: number }[];
}

function tableRows(xml: string): Row[] {
	return [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => ({
		header: m[1].includes('<w:tblHeader'),
		cells: [...m[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => ({
			text: textOf(c[1]),
			continued: c[1].includes('<w:vMerge w:val="continue"/>'),
			span: Number(/<w:gridSpan w:val="(\d+)"/.exec(c[1])?.[1] ?? 1)
		}))
	}));
}

async function unzip(bytes: Uint8Array): Promise<Record<string, string>> {
	const zip = await JSZip.loadAsync(bytes);
	const files: Record<string, string> = {};
	for (const name of Object.keys(zip.files).sort()) if (!zip.files[name].dir) files[name] = await zip.files[name].async('string');
	return files;
}

describe('docx export', () => {
	let files: Record<string, string>;
	let rows: Row[];
	beforeAll(async () => {
		files = await unzip(await exportDocx(seededModel({ status: 'finalized' })));
		rows = tableRows(files['word/document.xml']);
	});

	it('is landscape A4 with the title and "as of" line as its heading', () => {
		const xml = files['word/document.xml'];
		expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
		const before = textOf(xml.slice(0, xml.indexOf('<w:tbl>')));
		expect(before).toBe('APA test board\nAs of 31 May 2016 · Finalized');
	});

	it('repeats the 2016 header row on every page', () => {
		expect(rows[0].header).toBe(true);
		expect(rows[0].cells.map((c) => c.text)).toEqual([
			'Provision',
			'Institutional Development',
			'Research Development',
			'Training/Capacity Building',
			'Prevention',
			'Sectoral Body / Organ'
		]);
		expect(rows.filter((r) => r.header)).toHaveLength(1);
	});

	it('puts real entries in the right row and column, under their provision', () => {
		const dgicm = rows.findIndex((r) => r.cells[5]?.text === 'DGICM');
		expect(rows[dgicm].cells[4].text).toBe(
			'Lead\n•Include activities like Lost & Stolen Passport (LSP) Online Enquiry Facility (was closed in 2013) to share LSP information among AMS.'
		);
		// The provision cell is merged down: find the row that opens it.
		let top = dgicm;
		while (rows[top].cells[0].continued) top--;
		expect(rows[top].cells[0].text).toMatch(/^c\. Put in place effective mechanisms/);
		const aichr = rows.find((r) => r.cells[5]?.text === 'AICHR' && r.cells[2].text.includes('Thematic Studies'));
		expect(aichr).toBeDefined();
	});

	it('has the part headings as rows across the table', () => {
		const headings = rows.filter((r) => r.cells.length === 1 && r.cells[0].span === 6).map((r) => r.cells[0].text);
		expect(headings).toEqual([
			'A. Prevention of Trafficking in Persons',
			'B. Protection of Victims',
			'C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons',
			'D. Regional and International Cooperation and Coordination'
		]);
	});

	it('numbers the pages and dates them in header and footer', () => {
		const footer = Object.entries(files).find(([name]) => /^word\/footer\d*\.xml$/.test(name))![1];
		expect(footer).toContain('PAGE');
		expect(footer).toContain('NUMPAGES');
		expect(textOf(footer)).toBe('Page  of ');
		const header = Object.entries(files).find(([name]) => /^word\/header\d*\.xml$/.test(name))![1];
		expect(textOf(header)).toContain('As of 31 May 2016 · Finalized');
	});

	it('writes the same document for the same state, with fixed metadata dates', async () => {
		const again = await unzip(await exportDocx(seededModel({ status: 'finalized' })));
		expect(again).toEqual(files);
		expect(files['docProps/core.xml']).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2016-05-31T12:00:00Z</dcterms:created>');
	});
});

describe('docx discussion annex', () => {
	const docs = seededDocsWithLeads();
	const entry = readBoard(docs).entries.find((e) => e.provision === 'A.a' && e.category === 'institutional')!;
	const at = (iso: string) => Date.parse(iso);
	const comment = (id: number, parentId: number | null, authorName: string, authorBody: string | null, body: string, createdAt: number): CommentView => ({
		id,
		parentId,
		authorId: id,
		authorName,
		authorBody,
		body,
		createdAt,
		editedAt: null
	});
	// As `Comments.listCommentsForExport` gives them: by cell key, then oldest first.
	const threads: ThreadView[] = [
		{
			id: 1,
			cell: 'A.a|institutional',
			cellLabel: 'A.a · Institutional Development',
			entryId: entry.id,
			comments: [
				comment(1, null, 'Chris Chair', 'SOMTC', 'Is this still planned for 2017?', at('2026-06-08T09:05:00Z')),
				comment(2, 1, 'Edna Delegate', 'SOM-ED', 'Yes, with teacher unions.\nSecond line.', at('2026-06-08T09:30:00Z'))
			],
			resolvedAt: at('2026-06-08T10:00:00Z'),
			resolvedByName: 'Chris Chair',
			lastActivityAt: at('2026-06-08T10:00:00Z')
		},
		{
			id: 3,
			cell: 'A.a|institutional',
			cellLabel: 'A.a · Institutional Development',
			entryId: null,
			comments: [comment(3, null, 'Sam Secretariat', null, 'Lead body still missing here.', at('2026-06-07T16:00:00Z'))],
			resolvedAt: null,
			resolvedByName: null,
			lastActivityAt: at('2026-06-07T16:00:00Z')
		},
		{
			id: 4,
			cell: 'A.c|prevention',
			cellLabel: 'A.c · Prevention (old label)',
			entryId: null,
			comments: [comment(4, null, 'Ada Delegate', 'ACWC', 'Who follows up on LSP?', at('2026-06-01T08:00:00Z'))],
			resolvedAt: null,
			resolvedByName: null,
			lastActivityAt: at('2026-06-01T08:00:00Z')
		}
	];
	const source: ExportSource = {
		db: openDatabase(':memory:'),
		boards: { get: (id) => (id === 'apa-2016' ? { id, title: 'APA test board', asOf: '2016-05-31', status: 'open', createdAt: 0 } : undefined) },
		readDocs: () => docs,
		comments: { listCommentsForExport: () => threads }
	};
	const documentXml = async (comments: boolean) =>
		(await unzip(await exportDocx(loadExportModel(source, 'apa-2016', null, { comments }))))['word/document.xml'];

	it('adds "Annex: Discussion" after the table: per cell, its threads with author, date, text and resolved state', async () => {
		const xml = await documentXml(true);
		const annex = xml.indexOf('Annex: Discussion');
		expect(annex).toBeGreaterThan(xml.lastIndexOf('</w:tbl>'));
		expect(xml.slice(0, annex)).toMatch(/<w:pageBreakBefore\/>[^]*$/);
		const annexText = textOf(xml.slice(xml.lastIndexOf('<w:p>', annex)));
		const lines = annexText.split('\n');
		expect(lines.slice(0, 5)).toEqual([
			'Annex: Discussion',
			'A.a · Institutional Development',
			'Thread 1 · Open',
			'Sam Secretariat · 7 June 2026, 16:00 UTC',
			'Lead body still missing here.'
		]);
		expect(lines[5]).toMatch(/^Thread 2 · Resolved by Chris Chair, 8 June 2026, 10:00 UTC · on the entry “/);
		expect(lines.slice(6, 10)).toEqual([
			'Chris Chair (SOMTC) · 8 June 2026, 09:05 UTC',
			'Is this still planned for 2017?',
			'Edna Delegate (SOM-ED) · 8 June 2026, 09:30 UTC · reply',
			'Yes, with teacher unions.Second line.' // two runs with a break between them
		]);
		// Cells in board order, under their current label.
		expect(lines.slice(10)).toEqual(['A.c · Prevention', 'Thread 1 · Open', 'Ada Delegate (ACWC) · 1 June 2026, 08:00 UTC', 'Who follows up on LSP?']);
	});

	it('writes the same annex every time, and none without the flag', async () => {
		const xml = await documentXml(true);
		expect(await documentXml(true)).toBe(xml);
		const plain = await documentXml(false);
		expect(plain).not.toContain('Annex: Discussion');
		expect(plain).not.toContain('Is this still planned for 2017?');
		// The annex only adds paragraphs after the legend: the rest of the document is the same.
		const annex = xml.lastIndexOf('<w:p>', xml.indexOf('Annex: Discussion'));
		expect(xml.slice(0, annex) + xml.slice(xml.lastIndexOf('<w:sectPr>'))).toBe(plain);
	});
});
