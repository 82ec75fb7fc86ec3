import { describe, expect, it } from 'vitest';
import { exportDocx } from '$lib/server/export/docx';
import { seededModel } from '../helpers/export-model';
import { textOf, zipPart } from '../helpers/ooxml';
import { ASEAN_SAMPLES, LONG_TEXT, stressModel } from '../helpers/stress-board';

describe('docx structure', () => {
	it('uses the Title and Heading 1 styles and real Word bullet lists for entries', async () => {
		const bytes = await exportDocx(seededModel());
		const doc = (await zipPart(bytes, 'word/document.xml'))!;
		const paragraphs = [...doc.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => m[0]);
		const styled = (style: string) => paragraphs.filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`)).map((p) => textOf(p, 'w:t'));
		expect(styled('Title')).toEqual(['APA test board']);
		expect(styled('Heading1')).toEqual(['Sectoral bodies and organs']);
		const entries = paragraphs.filter((p) => p.includes('<w:pStyle w:val="PlanningBoardEntry"/>'));
		expect(entries).toHaveLength(115);
		const numIds = new Set(entries.map((p) => /<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(p)?.[1]));
		expect(numIds.size).toBe(1);
		expect(entries.some((p) => textOf(p, 'w:t').startsWith('•'))).toBe(false);
		const numbering = (await zipPart(bytes, 'word/numbering.xml'))!;
		const [numId] = [...numIds];
		const abstractId = new RegExp(`<w:num w:numId="${numId}"[^>]*>\\s*<w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)![1];
		const abstract = new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstractId}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)![0];
		expect(abstract).toMatch(/<w:numFmt w:val="bullet"\/>/);
		expect(abstract).toMatch(/<w:lvlText w:val="•"\/>/);
		expect(abstract).toMatch(/<w:ind w:left="170" w:hanging="170"\/>/);
	});

	it('keeps every ASEAN sample and names its script’s font and language on each run of Thai, Lao, Khmer and Burmese', async () => {
		const doc = (await zipPart(await exportDocx(stressModel()), 'word/document.xml'))!;
		const text = textOf(doc, 'w:t');
		for (const sample of Object.values(ASEAN_SAMPLES)) expect(text).toContain(sample);
		const runs = [...doc.matchAll(/<w:r>((?:(?!<\/w:r>)[\s\S])*)<\/w:r>/g)].map((m) => ({ xml: m[1], text: textOf(m[1], 'w:t') }));
		const expected = [
			{ script: /[\u0e00-\u0e7f]/, font: 'Leelawadee UI', lang: 'th-TH' },
			{ script: /[\u0e80-\u0eff]/, font: 'Leelawadee UI', lang: 'lo-LA' },
			{ script: /[\u1780-\u17ff]/, font: 'Khmer UI', lang: 'km-KH' },
			{ script: /[\u1000-\u109f]/, font: 'Myanmar Text', lang: 'my-MM' }
		];
		for (const { script, font, lang } of expected) {
			const of = runs.filter((r) => script.test(r.text));
			expect(of.length).toBeGreaterThan(0);
			for (const run of of) {
				// Every slot names the font (the run holds that script only), the complex-script slot is hinted, and the language is the complex-script one.
				const fonts = /<w:rFonts ([^>]*)\/>/.exec(run.xml)![1];
				for (const slot of ['ascii', 'hAnsi', 'eastAsia', 'cs']) expect(fonts).toContain(`w:${slot}="${font}"`);
				expect(fonts).toContain('w:hint="cs"');
				expect(run.xml).toContain(`<w:lang w:bidi="${lang}"/>`);
			}
		}
		// Latin runs keep Arial from the document defaults.
		const latin = runs.find((r) => r.text.startsWith('Phòng chống'))!;
		expect(latin.xml).not.toContain('<w:rFonts');
	});
});

describe('docx rows taller than a page', () => {
	/** Body rows of the matrix table: the provision cell's text, the body, and the paragraphs of each category cell (numbered or not). */
	async function bodyRows() {
		const doc = (await zipPart(await exportDocx(stressModel()), 'word/document.xml'))!;
		const table = doc.slice(doc.indexOf('<w:tbl>'), doc.indexOf('</w:tbl>'));
		return [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)]
			.map((tr) => [...tr[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => tc[1]))
			.filter((cells) => cells.length === 6)
			.map((cells) => ({
				provision: textOf(cells[0], 'w:t'),
				body: textOf(cells[5], 'w:t'),
				columns: cells.slice(1, 5).map((tc) => [...tc.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((p) => ({ text: textOf(p[0], 'w:t'), item: p[0].includes('<w:numPr>') })))
			}));
	}

	it('goes on over several rows, each with the provision and the body, the long entry cut between words and whole again when joined', async () => {
		const rows = await bodyRows();
		const long = rows.filter((r) => r.body === 'SOMTC' && r.columns[1].some((p) => p.text.includes('Paragraph')));
		expect(long.length).toBeGreaterThanOrEqual(3);
		expect(long[0].provision).toMatch(/^b\. Continue capacity building/);
		for (const r of long.slice(1)) expect(r.provision).toBe('b. (continued)');
		// The rest of the entry in each further row: a paragraph without a bullet, starting "… ".
		const pieces = long.map((r) => r.columns[1].find((p) => p.text.includes('Paragraph'))!);
		expect(pieces[0].item).toBe(true);
		for (const p of pieces.slice(1)) {
			expect(p.item).toBe(false);
			expect(p.text.startsWith('… ')).toBe(true);
		}
		expect([pieces[0].text, ...pieces.slice(1).map((p) => p.text.slice(2))].join(' ')).toBe(LONG_TEXT);
	});

	it('puts the cell of 40 entries over several rows, every entry whole and a bullet item, the lead mark once', async () => {
		const rows = (await bodyRows()).filter((r) => r.body === 'ACWC' && r.columns[2].some((p) => p.text.startsWith('Training session')));
		expect(rows.length).toBeGreaterThanOrEqual(2);
		for (const r of rows.slice(1)) expect(r.provision).toBe('d. (continued)');
		const paragraphs = rows.flatMap((r) => r.columns[2]);
		expect(paragraphs.filter((p) => p.text === 'Lead')).toHaveLength(1);
		const sessions = paragraphs.filter((p) => p.text.startsWith('Training session'));
		expect(sessions).toHaveLength(40);
		expect(sessions.every((p) => p.item)).toBe(true);
	});
});
