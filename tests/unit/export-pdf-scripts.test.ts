import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { myanmarVisualOrder, scriptRuns } from '$lib/server/export/pdf-fonts';
import { exportPdf } from '$lib/server/export/pdf';
import { ASEAN_SAMPLES, LONG_TEXT, stressModel } from '../helpers/stress-board';

/** Without any white space: wrapping breaks lines (and Thai words) anywhere a space or a line break may go. */
const bare = (s: string) => s.replace(/\s+/g, '');
/** The characters of a text, sorted, SARA AM as its two glyphs (NFKD): the same multiset whatever order the glyphs were drawn in. */
const bag = (s: string) => [...bare(s).normalize('NFKD')].sort().join('');

/**
 * The text layer as poppler's pdftotext reads it. Unlike pdf.js it honours
 * ActualText, which carries the typed order of the complex scripts (.ci/run
 * installs poppler-utils).
 */
function popplerText(bytes: Uint8Array, dir: string): string {
	const file = join(dir, 'stress.pdf');
	writeFileSync(file, bytes);
	// -raw: in the order drawn, so a cell's lines are not interleaved with its neighbours'.
	return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('pdf export of every ASEAN script and of long entries', () => {
	let bytes: Uint8Array;
	let pdfjsText: string;
	let poppler: string;
	const dir = mkdtempSync(join(tmpdir(), 'pdf-scripts-'));
	beforeAll(async () => {
		bytes = await exportPdf(stressModel());
		pdfjsText = (await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true })).text;
		poppler = popplerText(bytes, dir);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('prints each script with its own embedded font, as a subset', () => {
		const raw = Buffer.from(bytes).toString('latin1');
		for (const family of ['DejaVuSansCondensed', 'NotoSansThai', 'NotoSansLao', 'NotoSansKhmer', 'NotoSansMyanmar']) {
			expect(raw, family).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${family}`));
		}
	});

	it('keeps every sample in the text layer in the order it was typed (ActualText, read by poppler)', () => {
		for (const [script, text] of Object.entries(ASEAN_SAMPLES)) expect(bare(poppler), script).toContain(bare(text));
	});

	it('has no NUL, no replacement character and every character of every sample in the glyph text (pdf.js)', () => {
		expect(pdfjsText).not.toMatch(/[\0\uFFFD]/);
		expect(poppler).not.toMatch(/[\0\uFFFD]/);
		const glyphs = bag(pdfjsText);
		for (const [script, text] of Object.entries(ASEAN_SAMPLES)) {
			for (const ch of new Set(bag(text))) expect(glyphs.includes(ch), `${script} ${ch}`).toBe(true);
		}
	});

	it('continues a 7,000-character entry across pages, every word of it there, with the body label repeated', async () => {
		expect(LONG_TEXT.length).toBeGreaterThan(7000);
		// Every word, in order (a page break puts the next page's header row in between).
		const flat = bare(poppler);
		let at = 0;
		for (const word of LONG_TEXT.split(' ')) {
			const found = flat.indexOf(word, at);
			expect(found, `“${word}” after position ${at}`).toBeGreaterThanOrEqual(0);
			at = found + word.length;
		}
		expect(flat.slice(flat.indexOf('Paragraph1ofthelong'), at).length).toBeLessThan(bare(LONG_TEXT).length + 2000);
		expect(pdfjsText).not.toContain('…');
		const pages = (await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false })).text;
		const holding = pages.map((p, i) => [i, p] as const).filter(([, p]) => /Paragraph\s+\d+\s+of\s+the\s+long/.test(p));
		expect(holding.length).toBeGreaterThanOrEqual(2);
		for (const [, page] of holding) expect(page).toContain('SOMTC');
		expect(pages[holding[1][0]]).toContain('b. (continued)');
	});

	it('prints all 40 entries of one body in one cell', () => {
		for (let i = 1; i <= 40; i++) expect(bare(poppler)).toContain(bare(`Training session ${i} for child protection officers`));
	});
});

describe('script runs and Burmese glyph order', () => {
	it('cuts text into runs by script, joiners staying with their run', () => {
		expect(scriptRuns('SOMTC ไทย\u200bไทย ລາວ ខ្មែរ မြန်မာ')).toEqual([
			{ script: 'latin', text: 'SOMTC ' },
			{ script: 'thai', text: 'ไทย\u200bไทย' },
			{ script: 'latin', text: ' ' },
			{ script: 'lao', text: 'ລາວ' },
			{ script: 'latin', text: ' ' },
			{ script: 'khmer', text: 'ខ្មែរ' },
			{ script: 'latin', text: ' ' },
			{ script: 'myanmar', text: 'မြန်မာ' }
		]);
	});

	it('puts the vowel sign E and medial RA before their consonant, and a kinzi after it', () => {
		expect(myanmarVisualOrder('ကြေး')).toBe('\u1031\u103c\u1000\u1038');
		expect(myanmarVisualOrder('မြန်မာ')).toBe('\u103c\u1019\u1014\u103a\u1019\u102c');
		expect(myanmarVisualOrder('သင်္ဘော')).toBe('\u101e\u1031\u1018\u1004\u103a\u1039\u102c');
		expect(myanmarVisualOrder('ABC')).toBe('ABC');
	});
});
