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

	it('keeps every ASEAN sample and names a font for each complex script', async () => {
		const doc = (await zipPart(await exportDocx(stressModel()), 'word/document.xml'))!;
		const text = textOf(doc, 'w:t');
		for (const sample of Object.values(ASEAN_SAMPLES)) expect(text).toContain(sample);
		for (const font of ['Leelawadee UI', 'Khmer UI', 'Myanmar Text']) expect(doc).toContain(`w:cs="${font}"`);
		const thaiRun = /<w:r>(?:(?!<\/w:r>)[\s\S])*?การป้องกัน/.exec(doc)![0];
		expect(thaiRun).toContain('w:cs="Leelawadee UI"');
	});
});
