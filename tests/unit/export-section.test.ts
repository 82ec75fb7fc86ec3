import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { apaBoardTitle } from '$lib/server/bootstrap';
import { exportDocx } from '$lib/server/export/docx';
import type { ExportModel } from '$lib/server/export/model';
import { exportPdf } from '$lib/server/export/pdf';
import { apaSection, sectionHeading } from '$lib/server/export/section';
import { exportXlsx } from '$lib/server/export/xlsx';
import { apaBase, planImport } from '$lib/server/import';
import { registryBodies, seededModel } from '../helpers/export-model';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';
import { seeds } from '../helpers/seeded-doc';

const withSection = (): ExportModel => {
	const m = seededModel();
	return { ...m, section: sectionHeading(apaSection(seeds()), m.parts) };
};

describe('the APA section heading and the seeded title', () => {
	it('titles the seeded board with the 2016 document’s own title', () => {
		expect(apaBoardTitle(seeds())).toBe(
			'Possible Areas of Collaboration with other Relevant ASEAN Sectoral Bodies / ASEAN Organs under the Framework of ASEAN Plan of Action (APA) Against Trafficking in Persons, Especially Women and Children'
		);
	});

	it('gives “IV. Action Plans” to a board on the APA structure only', () => {
		const section = apaSection(seeds());
		const parts = seededModel().parts;
		expect(sectionHeading(section, parts)).toBe('IV. Action Plans');
		expect(sectionHeading(section, [...parts, { id: 'E', title: 'Added part' }])).toBeNull();
		expect(sectionHeading(section, parts.map((p, i) => (i === 0 ? { ...p, title: 'Renamed' } : p)))).toBeNull();
		expect(sectionHeading(undefined, parts)).toBeNull();
	});

	it('prints it above the first part in PDF, Word and Excel, and the Excel import passes over it', async () => {
		const m = withSection();
		const pdf = (await extractText(await getDocumentProxy(await exportPdf(m)), { mergePages: true })).text.replace(/\s+/g, ' ');
		expect(pdf).toMatch(/Sectoral Body \/ Organ IV\. Action Plans A\. Prevention of Trafficking in Persons/);
		const docx = textOf((await zipPart(await exportDocx(m), 'word/document.xml'))!, 'w:t');
		expect(docx).toMatch(/Sectoral Body \/ OrganIV\. Action PlansA\. Prevention of Trafficking in Persons/);
		const xlsx = await exportXlsx(m);
		const rows = await sheetRows(xlsx, 'Matrix');
		expect(rows.find((r) => r.r === 4)!.cells.A).toBe('IV. Action Plans');
		expect(rows.find((r) => r.r === 5)!.cells.A).toBe('A. Prevention of Trafficking in Persons');
		const ExcelJS = (await import('exceljs')).default;
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
		wb.removeWorksheet(wb.getWorksheet('Entries')!.id);
		const plan = await planImport({ name: 'matrix.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) }, { base: apaBase(seeds()), registry: registryBodies() });
		expect(plan.problems).toEqual([]);
		expect(plan.entries).toHaveLength(115);
	});
});
