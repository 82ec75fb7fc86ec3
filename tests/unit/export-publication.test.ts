import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUBLICATION, NO_ACTIVITIES, publicationFromParams, publicationParams, type PublicationOptions } from '$lib/contract/exports';
import { exportDocx } from '$lib/server/export/docx';
import type { ExportModel } from '$lib/server/export/model';
import { exportPdf } from '$lib/server/export/pdf';
import { exportXlsx } from '$lib/server/export/xlsx';
import { seededModel } from '../helpers/export-model';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';

const withOptions = (options: Partial<PublicationOptions>): ExportModel => ({ ...seededModel(), publication: { ...DEFAULT_PUBLICATION, ...options } });
/** Provisions with no entry and no lead: the rows the options are about. */
const emptyOnes = (m: ExportModel) => m.provisions.filter((p) => Object.values(p.cells).every((c) => c.entries.length === 0 && !c.lead));
const squash = (s: string) => s.replace(/\s+/g, ' ');
const pdfText = async (m: ExportModel) => squash((await extractText(await getDocumentProxy(await exportPdf(m)), { mergePages: true })).text);
const docxText = async (m: ExportModel) => textOf((await zipPart(await exportDocx(m), 'word/document.xml'))!, 'w:t');
const xlsxText = async (m: ExportModel) => (await sheetRows(await exportXlsx(m), 'Matrix')).map((r) => Object.values(r.cells).join('\n')).join('\n');
const count = (text: string, part: string) => text.split(part).length - 1;

describe('publication options', () => {
	const empty = emptyOnes(seededModel());
	const probe = empty[0].text.slice(0, 60);

	it('reads the options from query parameters and writes back only what differs from the defaults', () => {
		expect(publicationFromParams(new URLSearchParams(''))).toEqual(DEFAULT_PUBLICATION);
		const o = publicationFromParams(new URLSearchParams('empty=note&legend=0&paper=a3&large=1'));
		expect(o).toEqual({ emptyProvisions: 'note', legend: false, paper: 'A3', large: true });
		expect(publicationParams(o)).toEqual({ empty: 'note', legend: '0', paper: 'A3', large: '1' });
		expect(publicationFromParams(new URLSearchParams('empty=drop&paper=A5'))).toEqual(DEFAULT_PUBLICATION);
	});

	it('leaves out provisions without entries in every document format', async () => {
		expect(empty.length).toBeGreaterThan(10);
		const m = withOptions({ emptyProvisions: 'omit' });
		for (const text of [await pdfText(m), await docxText(m), await xlsxText(m)]) {
			expect(squash(text)).not.toContain(squash(probe));
			expect(text).not.toContain(NO_ACTIVITIES);
			expect(squash(text)).toContain('Lost & Stolen Passport');
		}
		// Kept by default.
		expect(squash(await docxText(seededModel()))).toContain(squash(probe));
	});

	it('says "No activities proposed" once per provision without entries', async () => {
		const m = withOptions({ emptyProvisions: 'note' });
		expect(count(await pdfText(m), NO_ACTIVITIES)).toBe(empty.length);
		expect(count(await docxText(m), NO_ACTIVITIES)).toBe(empty.length);
		expect(count(await xlsxText(m), NO_ACTIVITIES)).toBe(empty.length);
		expect(squash(await docxText(m))).toContain(squash(probe));
	});

	it('prints a legend of body acronyms in every document format, unless asked not to', async () => {
		const on = seededModel();
		expect(await pdfText(on)).toMatch(/Sectoral bodies and organs.*SOM-MLAT/);
		expect(await docxText(on)).toMatch(/Sectoral bodies and organs.*SOM-MLAT/);
		expect((await sheetRows(await exportXlsx(on), 'Bodies')).some((r) => r.cells.A === 'SOM-MLAT')).toBe(true);
		const off = withOptions({ legend: false });
		expect(await pdfText(off)).not.toContain('Sectoral bodies and organs');
		expect(await docxText(off)).not.toContain('Sectoral bodies and organs');
		await expect(sheetRows(await exportXlsx(off), 'Bodies')).rejects.toThrow(/no sheet/);
	});

	it('prints on A3 or A4 and in larger type when asked', async () => {
		const a3 = withOptions({ paper: 'A3' });
		const page = await (await getDocumentProxy(await exportPdf(a3))).getPage(1);
		expect(page.view.slice(2).map(Math.round)).toEqual([1191, 842]);
		const docA3 = (await zipPart(await exportDocx(a3), 'word/document.xml'))!;
		expect(docA3).toMatch(/<w:pgSz w:w="23811" w:h="16838" w:orient="landscape"/);
		const sheetA4 = (await zipPart(await exportXlsx(withOptions({ paper: 'A4' })), 'xl/worksheets/sheet1.xml'))!;
		expect(sheetA4).toMatch(/paperSize="9"/);
		expect((await zipPart(await exportXlsx(seededModel()), 'xl/worksheets/sheet1.xml'))!).toMatch(/paperSize="8"/);

		const large = withOptions({ large: true });
		expect((await zipPart(await exportDocx(large), 'word/styles.xml'))!).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="22"\/>/);
		const pagesNormal = (await getDocumentProxy(await exportPdf(seededModel()))).numPages;
		const pagesLarge = (await getDocumentProxy(await exportPdf(large))).numPages;
		expect(pagesLarge).toBeGreaterThan(pagesNormal * 1.3);
		expect((await zipPart(await exportXlsx(large), 'xl/styles.xml'))!).toMatch(/<sz val="14"\/>/);
	});
});
