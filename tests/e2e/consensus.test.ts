import { extractText, getDocumentProxy } from 'unpdf';
import { DEMO } from '../helpers/demo';
import { textOf, zipPart } from '../helpers/ooxml';
import { cell, createBoard, expect, test } from './fixtures';

// Consensus states: the chair records an agreement with a reservation by
// ACWC (its footnote in the PDF and the DOCX); a silence procedure closes at
// its deadline with only the server running, and the board shows the outcome.

test.describe.configure({ timeout: 90_000 });

test('the chair records an agreement with an ACWC reservation; the PDF and the DOCX print it', async ({ pageAs, openBoardAs, apiAs }) => {
	const board = await createBoard(await pageAs(DEMO.secretariat), 'Reservation walk');
	const chair = await openBoardAs(DEMO.chair, '', board);
	const acwc = await openBoardAs(DEMO.delegate('ACWC'), '', board);
	const entry = cell(chair, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	await entry.locator('summary').click();
	const group = entry.getByRole('group', { name: 'Agree with a reservation' });
	await group.getByLabel('Body reserving its position').selectOption('ACWC');
	await group.getByLabel('Footnote').fill('ACWC reserves its position pending consultation');
	await group.getByRole('button', { name: 'Record with reservation' }).click();
	const seen = cell(acwc, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	await expect(seen.locator('.status')).toHaveText('Agreed');
	await expect(seen).toContainText('Reservation: ACWC');

	const api = await apiAs(DEMO.observer);
	const pdf = await api.get(`/api/boards/${board}/export?format=pdf`);
	expect(pdf.ok()).toBe(true);
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), { mergePages: true });
	expect(text.replace(/\s+/g, ' ')).toContain('reservation by ACWC: ACWC reserves its position pending consultation');
	const docx = await api.get(`/api/boards/${board}/export?format=docx`);
	expect(textOf((await zipPart(new Uint8Array(await docx.body()), 'word/document.xml'))!, 'w:t')).toContain(
		'reservation by ACWC: ACWC reserves its position pending consultation'
	);
});

test('a silence procedure closes at its deadline with nobody on the board; the board then shows the outcome', async ({ pageAs, openBoardAs, apiAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Silence walk');
	await secretariat.context().close(); // it landed on the board
	const chair = await openBoardAs(DEMO.chair, '', board);
	const entry = cell(chair, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const id = await entry.getAttribute('data-entry');
	// Started from the menu it runs for minutes at least: seconds here, over the same endpoint.
	const started = await (await apiAs(DEMO.chair)).post(`/api/boards/${board}/entries/${id}/procedure`, {
		data: { action: 'start', kind: 'silence', deadline: Date.now() + 6_000 }
	});
	expect(started.status()).toBe(201);
	await expect(entry.locator('[data-procedure="silence"]')).toContainText(/Silence procedure: \d+ s left/);
	await chair.context().close();

	await new Promise((r) => setTimeout(r, 9_000)); // past the deadline, nobody connected
	const observer = await openBoardAs(DEMO.observer, '', board);
	const closed = cell(observer, 'A.b', 'training').locator(`li[data-entry="${id}"]`);
	await expect(closed.locator('[data-procedure="silence"]')).toHaveText(/Silence procedure: agreed \(no objection\)/);
	await expect(closed.locator('.status')).toHaveText('Agreed');
});
