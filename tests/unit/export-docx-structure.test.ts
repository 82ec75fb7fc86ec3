import { describe, expect, it } from 'vitest';
import { exportDocx } from '$lib/server/export/docx';
import { seededModel } from '../helpers/export-model';
import { textOf, zipPart } from '../helpers/ooxml';
import { ASEAN_SAMPLES, stressModel } from '../helpers/stress-board';

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
