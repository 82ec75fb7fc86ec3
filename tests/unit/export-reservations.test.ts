import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { setReservation } from '$lib/board/mutations';
import { readBoard, reservationMarks, type EntryView } from '$lib/board/view';
import { exportDocx } from '$lib/server/export/docx';
import { buildExportModel, type ExportModel } from '$lib/server/export/model';
import { exportPdf } from '$lib/server/export/pdf';
import { exportXlsx } from '$lib/server/export/xlsx';
import { apaBase, planImport, type ImportPlan } from '$lib/server/import';
import { registryBodies, seededDocsWithLeads, seededModel } from '../helpers/export-model';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';
import { seeds } from '../helpers/seeded-doc';
import { LONG_TEXT, stressView } from '../helpers/stress-board';

// An agreement with a reservation by a named body is a footnote that every
// document export prints after the matrix: which entry, who reserved, what they said.

const FOOTNOTE = 'ACWC reserves its position pending consultation with its capitals';

function reservedModel() {
	const docs = seededDocsWithLeads();
	const entry = readBoard(docs).entries.find((e) => e.body === 'SOMTC' && e.provision === readBoard(docs).provisions[1].id)!;
	setReservation(docs, entry.id, { body: 'ACWC', text: FOOTNOTE }, { userId: 1, meeting: null }, { source: 'user' });
	return { model: seededModel({ docs }), entry };
}

describe('reservations in exports', () => {
	it('the model numbers them in board order, and the entry counts as agreed', () => {
		const { model, entry } = reservedModel();
		expect(model.reservations).toEqual([expect.objectContaining({ mark: 1, entryBody: 'SOMTC', by: 'ACWC', text: FOOTNOTE, entry: expect.stringContaining(entry.text.slice(0, 30)) })]);
		expect(model.reservations![0].cell).toMatch(/^A\.b · /);
		const statuses = Object.values(model.provisions[1].cells).flatMap((c) => c.entries.filter((e) => e.text === entry.text).map((e) => e.status));
		expect(statuses).toEqual(['agreed']);
		expect(seededModel().reservations).toEqual([]);
	});

	it('DOCX, PDF and XLSX print the footnote', async () => {
		const { model } = reservedModel();
		const docx = textOf((await zipPart(await exportDocx(model), 'word/document.xml'))!, 'w:t');
		expect(docx).toContain('Reservations');
		expect(docx).toContain(`reservation by ACWC: ${FOOTNOTE}`);

		const { text } = await extractText(await getDocumentProxy((await exportPdf(model)).slice()), { mergePages: true });
		expect(text.replace(/\s+/g, ' ')).toContain(`reservation by ACWC: ${FOOTNOTE}`);

		const rows = await sheetRows(await exportXlsx(model), 'Reservations');
		expect(rows[1].cells).toMatchObject({ A: '1', C: 'SOMTC', E: 'ACWC', F: FOOTNOTE });

		// No reservation, no section.
		expect(textOf((await zipPart(await exportDocx(seededModel()), 'word/document.xml'))!, 'w:t')).not.toContain('Reservations');
	});
});

describe('footnote marks in the cells', () => {
	/**
	 * The stress board with four reservations: an ordinary entry, the entry
	 * taller than a row (its mark on its last piece), a Thai one, and one
	 * whose own text ends like a mark; beside them an entry not reserved that
	 * ends like one too, which must come back as typed.
	 */
	function markedModel(): { view: ReturnType<typeof stressView>; model: ExportModel; reserved: EntryView[] } {
		const view = stressView();
		const reserve = (e: EntryView, body: string) => (e.decision = { state: 'reserved', by: 1, at: 1, meeting: null, reservation: { body, text: `${body} reserves its position` } });
		const ordinary = view.entries.find((e) => e.body === 'SOMTC' && e.provision === view.provisions[1].id)!;
		const long = view.entries.find((e) => e.text === LONG_TEXT)!;
		const thai = view.entries.find((e) => e.body === 'SOMSWD' && /[\u0E00-\u0E7F]/.test(e.text))!;
		const bracketed = view.entries.find((e) => e.body === 'ACWC' && e.text.startsWith('Training session 3 '))!;
		bracketed.text = 'Training session on indicators [2]';
		view.entries.find((e) => e.body === 'ACWC' && e.text.startsWith('Training session 4 '))!.text = 'A study of trafficking routes\u00a0[1]';
		for (const e of [ordinary, long, thai, bracketed]) reserve(e, 'ACWC');
		const model = buildExportModel(view, registryBodies(), { id: 'apa-2016', status: 'open' });
		return { view, model, reserved: [ordinary, long, thai, bracketed] };
	}
	const texts = (m: ExportModel) => m.provisions.flatMap((p) => Object.entries(p.cells).flatMap(([category, cell]) => cell.entries.map((e) => JSON.stringify([p.ref, category, e.body, e.subsidiary, e.text])))).sort();
	const planned = (plan: ImportPlan) => plan.entries.map((e) => JSON.stringify([e.provision, e.category, e.body, e.subsidiary, e.text])).sort();
	const deps = () => ({ base: apaBase(seeds()), registry: registryBodies() });

	it('numbers each reserved entry as the list after the matrix does, and the board shows the same number', () => {
		const { view, model, reserved } = markedModel();
		const marks = reservationMarks(view);
		expect(model.reservations!.map((r) => r.mark)).toEqual([1, 2, 3, 4]);
		const inCells = model.provisions.flatMap((p) => Object.values(p.cells).flatMap((c) => c.entries.filter((e) => e.reservation).map((e) => [e.text, e.reservation])));
		expect(inCells).toHaveLength(4);
		for (const [text, mark] of inCells) {
			const r = model.reservations!.find((x) => x.mark === mark)!;
			expect(r.entry.slice(0, 20)).toBe(String(text).replace(/\s+/g, ' ').slice(0, 20));
			expect(marks.get(reserved.find((e) => e.text === text)!.id)).toBe(mark);
		}
	});

	it('DOCX: a superscript mark after the entry in its cell; the import reads every entry back exactly', async () => {
		const { model } = markedModel();
		const bytes = await exportDocx(model);
		const xml = (await zipPart(bytes, 'word/document.xml'))!;
		const superscripts = [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:vertAlign w:val="superscript"\/>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g)].map((m) => textOf(m[0], 'w:t'));
		expect(superscripts.sort()).toEqual(['[1]', '[2]', '[3]', '[4]']);
		expect(textOf(xml, 'w:t')).toContain('Training session on indicators [2][');
		const plan = await planImport({ name: 'marked.docx', bytes }, deps());
		expect(plan.problems).toEqual([]);
		expect(planned(plan)).toEqual(texts(model));
	});

	it('XLSX: a superscript mark after the entry in the matrix; the matrix alone reads back exactly', async () => {
		const { model } = markedModel();
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await exportXlsx(model)) as unknown as ArrayBuffer);
		const runs: ExcelJS.RichText[] = [];
		wb.getWorksheet('Matrix')!.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'object' && c.value && 'richText' in c.value && runs.push(...c.value.richText))));
		expect(runs.filter((r) => r.font?.vertAlign === 'superscript').map((r) => r.text).sort()).toEqual(['[1]', '[2]', '[3]', '[4]']);
		wb.removeWorksheet(wb.getWorksheet('Entries')!.id);
		const plan = await planImport({ name: 'marked.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) }, deps());
		expect(plan.problems).toEqual([]);
		expect(planned(plan)).toEqual(texts(model));
	});

	it('PDF: “[n]” after the entry in its cell', async () => {
		const { model } = markedModel();
		const { text } = await extractText(await getDocumentProxy((await exportPdf(model)).slice()), { mergePages: true });
		const flat = text.replace(/\s+/g, ' ');
		expect(flat).toContain('Training session on indicators [2] [');
		expect(flat).toContain('repatriation. [');
	});
});
