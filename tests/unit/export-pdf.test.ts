import { extractText, extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUBLICATION } from '$lib/contract/exports';
import { exportPdf } from '$lib/server/export/pdf';
import { seededModel } from '../helpers/export-model';

/** Text with its line breaks (wrapping) and runs of spaces as single spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('pdf export', () => {
	let bytes: Uint8Array;
	let pages: string[];
	beforeAll(async () => {
		// Without the legend, every page is a page of the table (the legend's own pages have no header row).
		bytes = await exportPdf({ ...seededModel({ status: 'finalized' }), publication: { ...DEFAULT_PUBLICATION, legend: false } });
		pages = (await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false })).text;
	});

	it('renders the board on landscape pages, each with the header row, date line and "Page N of M"', async () => {
		const pdf = await getDocumentProxy(bytes.slice());
		const [width, height] = (await pdf.getPage(1)).view.slice(2);
		expect(width).toBeGreaterThan(height);
		expect(pages.length).toBeGreaterThan(5);
		expect(pages.length).toBeLessThan(40);
		pages.forEach((text, i) => {
			expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
			expect(text).toContain('Finalized 8 June 2026 · As of 31 May 2016');
			expect(text).toContain('Training/Capacity Building');
		});
		expect(pages[0]).toContain('APA test board');
	});

	it('contains real entries, in their column and on their body row', async () => {
		const all = flat(pages.join('\n'));
		expect(all).toContain('Lost & Stolen Passport (LSP) Online Enquiry Facility');
		expect(all).toContain('Thematic Studies on the existing policies to prevent TIP');
		const { items } = await extractTextItems(await getDocumentProxy(bytes.slice()));
		const page = items.findIndex((p) => p.some((i) => i.str.includes('Lost & Stolen')));
		const on = items[page];
		const lsp = on.find((i) => i.str.includes('Lost & Stolen'))!;
		const header = (s: string) => on.find((i) => i.str === s || i.str.startsWith(`${s} `))!;
		// Between the Prevention header and the body column: the Prevention column.
		expect(lsp.x).toBeGreaterThan(header('Prevention').x - 60);
		expect(lsp.x).toBeLessThan(header('Sectoral').x - 10);
		expect(lsp.x).toBeGreaterThan(header('Training/Capacity Building').x + 60);
		// DGICM's label heads the same row: its top is level with the first line of the cell ("Lead").
		const dgicm = on.find((i) => i.str === 'DGICM')!;
		const lead = on.filter((i) => i.str === 'Lead').find((i) => Math.abs(i.y - dgicm.y) < 1);
		expect(lead).toBeDefined();
	});

	it('never splits an entry across pages: each one is whole on some page', () => {
		const model = seededModel();
		// Compared without any white space: wrapping may break a line after a hyphen.
		const bare = (s: string) => s.replace(/\s+/g, '');
		const flatPages = pages.map(bare);
		const texts = model.provisions.flatMap((p) => Object.values(p.cells).flatMap((c) => c.entries.map((e) => bare(e.text))));
		expect(texts).toHaveLength(115);
		for (const text of texts) expect(flatPages.some((p) => p.includes(text)), text).toBe(true);
		// A provision whose body rows run onto the next page is named again there.
		expect(flatPages.some((p) => p.includes('a.(continued)'))).toBe(true);
	});

	it('has fixed metadata and the same bytes for the same state', async () => {
		const { info } = await getMeta(await getDocumentProxy(bytes.slice()));
		expect(info.Title).toBe('APA test board');
		expect(String(info.CreationDate)).toMatch(/^D:20260608120000/);
		const again = await exportPdf({ ...seededModel({ status: 'finalized' }), publication: { ...DEFAULT_PUBLICATION, legend: false } });
		expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
	});
});

describe('pdf export of text beyond Windows-1252', () => {
	it('keeps Vietnamese and other diacritics, curly quotes and dashes exactly', async () => {
		const model = seededModel();
		const text = 'Bộ Lao động – Thương binh và Xã hội “MOLISA”, Đà Nẵng; Łódź; Ελλάδα';
		const cell = model.provisions[0].cells[model.categories[0].id];
		cell.entries[0] = { ...cell.entries[0], text };
		const bytes = await exportPdf(model);
		const { text: pages } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
		expect(flat(pages)).toContain(text);
	});
});

describe('tagged pdf', () => {
	it('has a structure tree (headings, a table of header and data cells, a list), /Lang, the title shown and a bookmark per part', async () => {
		const { execFileSync } = await import('node:child_process');
		const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
		const { join } = await import('node:path');
		const { tmpdir } = await import('node:os');
		const bytes = await exportPdf({ ...seededModel(), section: 'IV. Action Plans' });
		const raw = Buffer.from(bytes).toString('latin1');
		expect(raw).toContain('/Lang (en)');
		expect(raw).toMatch(/\/MarkInfo/);
		expect(raw).toMatch(/\/DisplayDocTitle true/);
		const dir = mkdtempSync(join(tmpdir(), 'pdf-tags-'));
		try {
			const file = join(dir, 'tagged.pdf');
			writeFileSync(file, bytes);
			// poppler (.ci/run installs it) prints the structure tree with each element's text.
			const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
			expect(tree).toMatch(/^Document\n {2}H1 \(block\)\n {4}"APA test board"\n {2}P \(block\)/);
			expect(tree).toMatch(/Table \(block\)\n {4}THead\n {6}TR\n {8}TH\n {10}"Provision"/);
			expect(tree).toMatch(/H2 \(block\)\n\s+"IV\. Action Plans"/);
			expect(tree).toMatch(/H3 \(block\)\n\s+"A\. Prevention of Trafficking in Persons"/);
			expect(tree).toMatch(/TD\n\s+"a\. Increase awareness campaigns to educate all levels/);
			expect(tree).toMatch(/TH\n\s+"DGICM"/);
			expect(tree).toMatch(/L \(block\)\n\s+LI \(block\)\n\s+Lbl \(block\)\n\s+"SOMTC"/);
			// Page headers, footers and repeated header rows are artifacts, not content.
			expect(tree).not.toContain('Page 1 of');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		for (const part of ['IV. Action Plans', 'A. Prevention of Trafficking in Persons', 'D. Regional and International Cooperation and Coordination', 'Sectoral bodies and organs']) {
			expect(raw).toContain(`/Title (${part})`);
		}
		expect(raw).toContain('/PageMode /UseOutlines');
	});
});
