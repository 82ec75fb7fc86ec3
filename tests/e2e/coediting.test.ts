import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

// Two browsers signing in and syncing eleven documents each take a while on a shared 2-core machine.
test.describe.configure({ timeout: 60_000 });

test('two delegates see each other\'s edits and presence live', async ({ openBoardAs }) => {
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'));
	const chair = await openBoardAs(DEMO.chair);

	// Presence: each sees the other by name (not only in a tooltip), beside a coloured avatar.
	const others = somtc.getByRole('list', { name: 'Also on this board' });
	await expect(others.getByText('Chris Chair (SOMTC)')).toBeVisible();
	await expect(chair.getByRole('list', { name: 'Also on this board' }).getByText('SOMTC Delegate')).toBeVisible();
	await expect(others.locator('.avatar').first()).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');

	// The chair selects a cell: the delegate sees it outlined with the chair's name.
	await cell(chair, 'A.b', 'institutional').click();
	await expect(cell(somtc, 'A.b', 'institutional')).toHaveAttribute('title', 'Selected by Chris Chair (SOMTC)');

	// The delegate types into an SOMTC entry; the chair sees the text and who is typing.
	const entry = cell(somtc, 'A.b', 'institutional').locator('section[data-body="SOMTC"] .editable').first();
	await entry.click();
	const editor = somtc.getByRole('textbox', { name: 'Text of this SOMTC entry' });
	await editor.press('End');
	await editor.pressSequentially(' (agreed in WG)');
	await expect(cell(chair, 'A.b', 'institutional')).toContainText('(agreed in WG)');
	await expect(cell(chair, 'A.b', 'institutional').getByText('SOMTC Delegate is typing')).toBeVisible();
	await editor.press('Control+Enter');
	await expect(cell(chair, 'A.b', 'institutional').getByText('SOMTC Delegate is typing')).toHaveCount(0);

	// The chair assigns a lead; the delegate sees it at once.
	await chair.getByLabel('Lead body for A.b, institutional').selectOption('SOMTC');
	await expect(cell(somtc, 'A.b', 'institutional').locator('.lead')).toContainText('SOMTC');

	// The delegate adds an entry; the chair sees it.
	await cell(somtc, 'C.a', 'training').getByRole('button', { name: 'Add an activity to C.a, Training/Capacity Building' }).click();
	await somtc.getByRole('textbox', { name: 'New activity under C.a, Training/Capacity Building' }).fill('Regional training for prosecutors');
	await somtc.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(cell(chair, 'C.a', 'training').locator('section[data-body="SOMTC"]')).toContainText('Regional training for prosecutors');

	// Leaving removes the avatar.
	await somtc.context().close();
	await expect(chair.getByRole('list', { name: 'Also on this board' })).toHaveCount(0);
	await chair.context().close();
});

test('a delegate edits only their own body\'s entries; a status change shows for everyone', async ({ openBoardAs }) => {
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	const observer = await openBoardAs(DEMO.observer);
	const a = cell(somEd, 'A.a', 'institutional');

	// SOMTC's entry: read-only text; its menu only suggests (SOMTC's delegates accept or reject).
	const somtcGroup = a.locator('section[data-body="SOMTC"]');
	await expect(somtcGroup.locator('.editable')).toHaveCount(0);
	const theirs = somtcGroup.locator('li').first();
	await theirs.locator('summary').click();
	await expect(theirs.getByRole('button', { name: 'Suggest new wording…' })).toBeVisible();
	await expect(theirs.getByRole('button', { name: 'Edit text' })).toHaveCount(0);
	await expect(theirs.getByLabel('Progress')).toHaveCount(0);
	await expect(theirs.getByRole('button', { name: 'Delete' })).toHaveCount(0);
	await theirs.locator('summary').click();

	// Their own SOM-ED entry: editable, with actions.
	const own = a.locator('section[data-body="SOM-ED"] li').first();
	await own.locator('summary').click();
	// Its progress is the body's to report; agreement is not (no such choice for a delegate).
	await expect(own.getByRole('button', { name: 'Record agreement' })).toHaveCount(0);
	await own.getByLabel('Progress').selectOption('ongoing');
	await expect(cell(observer, 'A.a', 'institutional').locator('section[data-body="SOM-ED"] li').first()).toContainText('Ongoing');

	// The observer can edit nothing.
	await expect(observer.locator('.editable')).toHaveCount(0);
	await expect(observer.getByRole('button', { name: /^Add an activity/ })).toHaveCount(0);
	await somEd.context().close();
	await observer.context().close();
});

test('filters are in the URL and a link reproduces the view', async ({ openBoardAs }) => {
	const page = await openBoardAs(DEMO.observer);
	await page.getByLabel('Body').selectOption('DGICM');
	await expect(page).toHaveURL(/body=DGICM/);
	await expect(page.locator('tr[data-provision]')).toHaveCount(1);
	await expect(page.locator('li[data-entry]')).toHaveCount(1);
	await expect(page.locator('li[data-entry]')).toContainText('Lost & Stolen Passport');

	await page.reload();
	await expect(page.getByLabel('Body')).toHaveValue('DGICM');
	await expect(page.locator('tr[data-provision]')).toHaveCount(1);

	await page.getByRole('button', { name: 'Clear filters' }).click();
	await expect(page.locator('tr[data-provision]')).toHaveCount(44);

	await page.getByLabel('Category').selectOption('research');
	await expect(page.getByRole('columnheader')).toHaveCount(2);
	await page.context().close();
});

test('the grid follows the ARIA grid keyboard pattern', async ({ openBoardAs }) => {
	const page = await openBoardAs(DEMO.delegate('SOMTC'));
	const start = cell(page, 'A.a', 'institutional');
	await start.click({ position: { x: 5, y: 5 } });
	await start.focus();
	await page.keyboard.press('ArrowRight');
	await expect(cell(page, 'A.a', 'research')).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(cell(page, 'A.b', 'research')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(cell(page, 'A.b', 'research').locator(':focus')).toHaveCount(1);
	await page.keyboard.press('Escape');
	await expect(cell(page, 'A.b', 'research')).toBeFocused();
	await page.context().close();
});

test('edits made offline are kept and sent on reconnect', async ({ openBoardAs }) => {
	const writer = await openBoardAs(DEMO.delegate('ACWC'));
	const reader = await openBoardAs(DEMO.observer);
	await writer.context().setOffline(true);
	await expect(writer.getByRole('status').filter({ hasText: /Offline|Reconnecting/ })).toBeVisible({ timeout: 10_000 });

	await cell(writer, 'D.a', 'prevention').getByRole('button', { name: /^Add an activity/ }).click();
	await writer.getByRole('textbox', { name: /^New activity under D.a/ }).fill('Offline note from ACWC');
	await writer.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(writer.getByRole('status')).toContainText('1 change not yet sent');
	// Typing into another entry is one more change, not one per keystroke.
	await cell(writer, 'A.a', 'training').locator('section[data-body="ACWC"] .editable').first().click();
	const editor = writer.getByRole('textbox', { name: 'Text of this ACWC entry' });
	await editor.press('End');
	await editor.pressSequentially(' (typed offline)');
	await editor.press('Control+Enter');
	await expect(writer.getByRole('status')).toContainText('2 changes not yet sent');

	await writer.context().setOffline(false);
	await expect(cell(reader, 'D.a', 'prevention')).toContainText('Offline note from ACWC', { timeout: 15_000 });
	await expect(cell(reader, 'A.a', 'training')).toContainText('(typed offline)');
	await expect(writer.getByRole('status')).toHaveText('Live');
	await writer.context().close();
	await reader.context().close();
});

test('a screen reader hears others\' changes in the cell it is on, and the connection going and coming back', async ({ openBoardAs }) => {
	const reader = await openBoardAs(DEMO.observer);
	const writer = await openBoardAs(DEMO.delegate('ACWC'));
	const announcer = reader.locator('#board-announcer');
	await expect(announcer).toHaveAttribute('aria-live', 'polite');
	await cell(reader, 'D.b', 'prevention').focus();
	await expect(cell(reader, 'D.b', 'prevention')).toBeFocused();

	await cell(writer, 'D.b', 'prevention').getByRole('button', { name: /^Add an activity/ }).click();
	await writer.getByRole('textbox', { name: /^New activity under D.b/ }).fill('Hotline posters in border towns');
	await writer.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(announcer).toHaveText(/^D\.b, Prevention: ACWC added “Hotline posters in border towns”\.$/, { timeout: 10_000 });
	// A change elsewhere on the board is not the focused cell's: nothing new is said.
	await cell(writer, 'D.c', 'prevention').getByRole('button', { name: /^Add an activity/ }).click();
	await writer.getByRole('textbox', { name: /^New activity under D.c/ }).fill('Elsewhere');
	await writer.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(cell(reader, 'D.c', 'prevention')).toContainText('Elsewhere');
	await reader.waitForTimeout(1500);
	await expect(announcer).not.toContainText('Elsewhere');

	await reader.context().setOffline(true);
	await expect(announcer).toContainText('You are offline', { timeout: 10_000 });
	await reader.context().setOffline(false);
	await expect(announcer).toContainText('Connected again', { timeout: 15_000 });
	await reader.context().close();
	await writer.context().close();
});
