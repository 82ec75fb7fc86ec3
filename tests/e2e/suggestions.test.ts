import ExcelJS from 'exceljs';
import { DEMO } from '../helpers/demo';
import { cell, createBoard, expect, test } from './fixtures';

// Suggestions across bodies: a SOM-ED delegate suggests new wording for a
// SOMTC entry (a row on the server, not an edit of SOMTC's document); the
// SOMTC delegate sees it live with a word diff and accepts it; the entry
// changes for everyone, and its history names the acceptor and the suggester.

test.describe.configure({ timeout: 60_000 });

test('SOM-ED suggests new wording for a SOMTC entry; SOMTC sees it live and accepts; history names both', async ({ pageAs, openBoardAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Suggestions walk');
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'), '', board);
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'), '', board);

	const theirs = cell(somEd, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const text = (await theirs.locator('.text').textContent())!.trim();
	await expect(theirs.locator('.editable'), 'SOM-ED cannot edit it').toHaveCount(0);
	await theirs.locator('summary').click();
	await theirs.getByRole('button', { name: 'Suggest new wording…' }).click();
	const form = somEd.getByRole('form', { name: 'Suggest new wording for this SOMTC entry' });
	await form.getByLabel('Suggested text').fill(`${text} with regional workshops`);
	await form.getByLabel('Why (optional)').fill('Education ministries can host them');
	await form.getByRole('button', { name: 'Suggest' }).click();
	await expect(form).toHaveCount(0);
	// The suggester sees it too, but cannot accept it.
	const mine = cell(somEd, 'A.b', 'training').getByRole('article', { name: 'Suggestion by SOM-ED Delegate' });
	await expect(mine.locator('ins')).toHaveText(/with regional workshops/);
	await expect(mine.getByRole('button', { name: 'Accept' })).toHaveCount(0);
	await expect(mine.getByRole('button', { name: 'Withdraw' })).toBeVisible();

	// Live at SOMTC (the nudge, not the 10 s poll: well within the timeout below).
	const seen = cell(somtc, 'A.b', 'training').getByRole('article', { name: 'Suggestion by SOM-ED Delegate' });
	await expect(seen).toContainText('New wording for a SOMTC entry', { timeout: 5_000 });
	await expect(seen.locator('ins')).toHaveText(/with regional workshops/);
	await expect(seen).toContainText('Why: Education ministries can host them');
	await seen.getByRole('button', { name: 'Accept' }).click();

	const entry = cell(somEd, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	await expect(entry.locator('.text')).toHaveText(`${text} with regional workshops`);
	await expect(mine).toHaveCount(0);
	await expect(seen).toHaveCount(0);

	await cell(somtc, 'A.b', 'training').click({ position: { x: 4, y: 4 } });
	await somtc.getByRole('button', { name: 'History', exact: true }).click();
	const panel = somtc.getByRole('complementary', { name: 'History' });
	const newest = panel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem').first();
	await expect(newest).toContainText('SOMTC Delegate');
	await expect(newest).toContainText('Accepted a suggestion by SOM-ED Delegate');
	await expect(newest.locator('ins')).toContainText('with regional workshops');
});

test('SOM-ED suggests offline: it waits in the cell and in the indicator, goes when the network returns, and SOMTC accepts it', async ({ pageAs, openBoardAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Offline suggestion');
	await secretariat.context().close();
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'), '', board);
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'), '', board);
	await expect(somEd.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

	await somEd.context().setOffline(true);
	await expect(somEd.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible({ timeout: 10_000 });
	const theirs = cell(somEd, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const text = (await theirs.locator('.text').textContent())!.trim();
	await theirs.locator('summary').click();
	await theirs.getByRole('button', { name: 'Suggest new wording…' }).click();
	const form = somEd.getByRole('form', { name: 'Suggest new wording for this SOMTC entry' });
	await form.getByLabel('Suggested text').fill(`${text} written on the train`);
	await form.getByRole('button', { name: 'Suggest' }).click();
	await expect(form, 'no error: it is kept to send').toHaveCount(0);
	const waiting = cell(somEd, 'A.b', 'training').getByRole('article', { name: 'Your suggestion, waiting to be sent' });
	await expect(waiting.locator('ins')).toHaveText(/written on the train/);
	await expect(somEd.getByRole('status').filter({ hasText: 'Offline' })).toContainText('1 change not yet sent');

	await somEd.context().setOffline(false);
	const mine = cell(somEd, 'A.b', 'training').getByRole('article', { name: 'Suggestion by SOM-ED Delegate' });
	await expect(mine.locator('ins')).toHaveText(/written on the train/, { timeout: 15_000 });
	await expect(waiting).toHaveCount(0);
	await expect(somEd.getByRole('status').filter({ hasText: 'not yet sent' })).toHaveCount(0, { timeout: 15_000 });

	const seen = cell(somtc, 'A.b', 'training').getByRole('article', { name: 'Suggestion by SOM-ED Delegate' });
	await expect(seen.locator('ins')).toHaveText(/written on the train/, { timeout: 15_000 });
	await seen.getByRole('button', { name: 'Accept' }).click();
	await expect(theirs.locator('.text')).toHaveText(`${text} written on the train`);
	await expect(mine).toHaveCount(0);
});

test('a comment-resolution matrix makes a round trip: downloaded as xlsx, filled offline by ACWC, previewed and imported as ACWC’s suggestion', async ({ pageAs, openBoardAs, apiAs }) => {
	const secretariat = await pageAs(DEMO.secretariat);
	const board = await createBoard(secretariat, 'Matrix round trip');
	await secretariat.context().close();
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'), '', board);
	const entry = cell(somtc, 'A.b', 'training').locator('section[data-body="SOMTC"] li').first();
	const id = (await entry.getAttribute('data-entry'))!;
	await (await apiAs(DEMO.delegate('SOM-ED'))).post(`/api/boards/${board}/comments`, { data: { cell: 'A.b|training', body: 'Who funds the workshops?' } });

	const acwc = await pageAs(DEMO.delegate('ACWC'), `/boards/${board}/consolidation`);
	const section = acwc.getByRole('region', { name: 'Comment-resolution matrix' });
	const [download] = await Promise.all([acwc.waitForEvent('download'), section.getByRole('link', { name: 'Excel' }).click()]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile((await download.path())!);
	const ws = wb.getWorksheet('Comments')!;
	expect(ws.getRow(2).getCell(5).value).toBe('Who funds the workshops?');
	ws.addRow(['ACWC', 'A.b', `Training/Capacity Building · entry ${id}`, 'te', 'Children too', 'Hold workshops for child protection officers', '']);
	const filled = Buffer.from(await wb.xlsx.writeBuffer());

	await section.getByLabel('Filled matrix (.xlsx)').setInputFiles({ name: 'acwc.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: filled });
	await section.getByRole('button', { name: 'Preview' }).click();
	const preview = section.getByRole('table', { name: 'What the import makes' });
	await expect(preview.locator('tr[data-plan="wording"]')).toContainText('Hold workshops for child protection officers');
	await expect(preview.locator('tr[data-plan="skip"]')).toContainText('A row of SOM-ED, not ACWC.');
	await section.getByRole('button', { name: 'Import for ACWC' }).click();
	await expect(section.getByRole('status')).toHaveText('Imported for ACWC: 1 suggestion and 0 comments.');

	const card = cell(somtc, 'A.b', 'training').getByRole('article', { name: 'Suggestion by ACWC Delegate' });
	await expect(card).toBeVisible({ timeout: 15_000 });
	await expect(card).toContainText('Why: Children too');
});
