import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { setReservation } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { exportDocx } from '$lib/server/export/docx';
import { exportPdf } from '$lib/server/export/pdf';
import { exportXlsx } from '$lib/server/export/xlsx';
import { seededDocsWithLeads, seededModel } from '../helpers/export-model';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';

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
