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
	await expect(seen, 'with the number of its footnote in the exports').toContainText('Reservation [1]: ACWC');

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

test('a silence procedure started in a meeting closes at its deadline with nobody on the board; the board and the minutes show the outcome', async ({ pageAs, openBoardAs, apiAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Silence walk');
	await secretariat.context().close(); // it landed on the board
	const chair = await openBoardAs(DEMO.chair, '', board);
	await chair.getByRole('link', { name: 'Meetings', exact: true }).click();
	await chair.getByLabel('Title').fill('SOMTC WG 14');
	await chair.getByLabel(/^Agenda/).fill('A.b');
	await chair.getByRole('button', { name: 'Start the meeting' }).click();
	await expect(chair.getByRole('region', { name: 'Meeting', exact: true })).toContainText('item 1 of 1: A.b');
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

	// The meeting is still running: its minutes so far record the procedure started and its outcome.
	const minutesPage = await openBoardAs(DEMO.chair, '', board);
	await minutesPage.getByRole('region', { name: 'Meeting', exact: true }).getByRole('link', { name: 'Minutes so far' }).click();
	const item = minutesPage.getByRole('region', { name: '1. A.b' });
	await expect(item).toContainText(/silence procedure started/i);
	// Closed by the server at the deadline: the entry became agreed, and the server is named for it.
	await expect(item.getByRole('list', { name: 'Changes during the meeting' })).toContainText(/The server set an entry of SOMTC in Training\/Capacity Building from Proposed to Agreed/);
	await expect(item.getByRole('list', { name: 'Decisions' })).toContainText(/Agreed SOMTC, Training\/Capacity Building: .* — The server/);
});

test('in a meeting the chair takes the item’s open suggestions and pending decisions in one step each; the minutes record them', async ({ pageAs, openBoardAs, apiAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Meeting queue walk');
	await secretariat.context().close();
	const chair = await openBoardAs(DEMO.chair, '', board);
	await chair.getByRole('link', { name: 'Meetings', exact: true }).click();
	await chair.getByLabel('Title').fill('SOMTC WG 13');
	await chair.getByLabel(/^Agenda/).fill('A.b');
	await chair.getByRole('button', { name: 'Start the meeting' }).click();
	const banner = chair.getByRole('region', { name: 'Meeting', exact: true });
	await expect(banner).toContainText('item 1 of 1: A.b');

	const entry = cell(chair, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const id = (await entry.getAttribute('data-entry'))!;
	const text = (await entry.locator('.text').textContent())!.trim();
	const suggested = await (await apiAs(DEMO.delegate('SOM-ED'))).post(`/api/boards/${board}/suggestions`, {
		data: { kind: 'wording', entryId: id, text: `${text}, with school heads` }
	});
	expect(suggested.status()).toBe(201);

	const queue = banner.getByRole('region', { name: 'To take on this item' });
	await queue.getByRole('button', { name: /^On this item/ }).click();
	const suggestion = queue.getByRole('article', { name: 'Suggestion by SOM-ED Delegate' });
	await expect(suggestion).toBeVisible({ timeout: 15_000 });
	await suggestion.getByRole('button', { name: 'Accept' }).click();
	await expect(entry.locator('.text')).toHaveText(`${text}, with school heads`);
	await expect(suggestion).toHaveCount(0);

	const pending = queue.locator(`li[data-pending="${id}"]`);
	await pending.getByRole('button', { name: 'Mark this SOMTC entry agreed' }).click();
	await expect(entry.locator('.status')).toHaveText('Agreed');
	await expect(pending).toHaveCount(0);

	await banner.getByRole('link', { name: 'Minutes so far' }).click();
	const item = chair.getByRole('region', { name: '1. A.b' });
	await expect(item.getByRole('list', { name: 'Changes during the meeting' })).toContainText('accepting a suggestion by SOM-ED Delegate');
	await expect(item.getByRole('list', { name: 'Decisions' })).toContainText('Agreed SOMTC, Training/Capacity Building');
});

test('the consolidation view counts per provision and per body and lists what is left to agree', async ({ pageAs, openBoardAs, apiAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Consolidation walk');
	await secretariat.context().close();
	const chair = await openBoardAs(DEMO.chair, '', board);
	const entry = cell(chair, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const id = (await entry.getAttribute('data-entry'))!;
	const text = (await entry.locator('.text').textContent())!.trim();
	await (await apiAs(DEMO.delegate('ACWC'))).post(`/api/boards/${board}/suggestions`, { data: { kind: 'wording', entryId: id, text: `${text} (with ACWC)` } });
	await entry.locator('summary').click();
	await entry.getByRole('button', { name: 'Record agreement' }).click();
	await expect(entry.locator('.status')).toHaveText('Agreed');

	await chair.getByRole('link', { name: 'Consolidation', exact: true }).click();
	await expect(chair.getByRole('heading', { level: 1 })).toHaveText('Consolidation: Consolidation walk');
	const row = chair.locator('tr[data-provision]').filter({ has: chair.getByRole('rowheader', { name: 'A.b', exact: true }) });
	await expect(row.locator('td').nth(1)).toHaveText('1');
	await expect(row.locator('td').nth(3)).toContainText('(1 suggestion)');
	const left = chair.locator('ol.left');
	await expect(left.locator(`li[data-entry="${id}"]`)).toHaveCount(0);
	await expect(left.locator('li').first()).toBeVisible();
	await expect(left).toContainText('A.b · Training/Capacity Building');
	await expect(chair.getByRole('region', { name: 'Open items per body' }).getByRole('row', { name: /^SOMTC/ })).toBeVisible();
});
