import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { cell, createBoard, expect, test } from './fixtures';

/** The text of the first entry of `body` in a cell, as a locator. */
function entryOf(page: Page, provision: string, category: string, body: string) {
	return cell(page, provision, category).locator(`section[data-body="${body}"] li`).first();
}

/** Opens the first entry of `body` in a cell for editing and replaces its text (one input, one change). */
async function rewrite(page: Page, provision: string, category: string, body: string, suffix: string): Promise<void> {
	await entryOf(page, provision, category, body).locator('.editable').click();
	const editor = page.getByRole('textbox', { name: `Text of this ${body} entry` });
	const text = await editor.inputValue();
	await editor.fill(`${text}${suffix}`);
	await editor.press('Control+Enter');
	await expect(editor).toHaveCount(0);
}

test('two delegates edit one cell: the history panel shows both, by name, with the words they changed', async ({ openBoardAs }) => {
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'));
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	await rewrite(somtc, 'A.b', 'training', 'SOMTC', ' (pilot in 2017)');
	await expect(entryOf(somEd, 'A.b', 'training', 'SOMTC')).toContainText('(pilot in 2017)');
	await rewrite(somEd, 'A.b', 'training', 'SOM-ED', ' with teacher unions');
	await expect(entryOf(somtc, 'A.b', 'training', 'SOM-ED')).toContainText('with teacher unions');

	await cell(somtc, 'A.b', 'training').click({ position: { x: 4, y: 4 } });
	await somtc.getByRole('button', { name: 'History', exact: true }).click();
	const panel = somtc.getByRole('complementary', { name: 'History' });
	await expect(panel.getByText('A.b · Training/Capacity Building')).toBeVisible();
	const rows = panel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
	await expect(rows).toHaveCount(2);
	// Newest first: SOM-ED's edit, then SOMTC's, each with its author's name and the inserted words.
	await expect(rows.nth(0)).toContainText('SOM-ED Delegate');
	await expect(rows.nth(0).locator('ins')).toContainText('with teacher unions');
	await expect(rows.nth(1)).toContainText('SOMTC Delegate');
	await expect(rows.nth(1).locator('ins')).toContainText('(pilot in 2017)');
	await expect(rows.nth(1).locator('time')).toContainText(/just now|second/);

	// SOMTC may not restore SOM-ED's entry: the button says why.
	const theirs = rows.nth(0).getByRole('button', { name: 'Restore this entry' });
	await expect(theirs).toBeDisabled();
	await expect(rows.nth(0)).toContainText('Only SOM-ED delegates can edit SOM-ED entries.');
	// Its own entry is still as its edit left it, and the newest change is how the cell is now: restoring
	// either would change nothing (the server would answer 409), so both say so instead of failing.
	await expect(rows.nth(1).getByRole('button', { name: 'Restore this entry' })).toBeDisabled();
	await expect(rows.nth(1)).toContainText('This is how it is on the board now');
	await expect(rows.nth(0).getByRole('button', { name: 'Restore whole cell to here' })).toBeDisabled();
	await expect(rows.nth(0)).toContainText('This is the newest change');
	await expect(rows.nth(1).getByRole('button', { name: 'Restore whole cell to here' })).toBeEnabled();
	await expect(panel.getByText('puts back only that activity')).toBeVisible();

	// Filters by person and body.
	await panel.getByLabel('Person').selectOption({ label: 'SOMTC Delegate' });
	await expect(rows).toHaveCount(1);
	await panel.getByLabel('Person').selectOption('');
	await panel.getByLabel('Body').selectOption('SOM-ED');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('SOM-ED Delegate');
	await somtc.context().close();
	await somEd.context().close();
});

test('restoring from the history panel is a new, attributed change, within the user\'s rights', async ({ openBoardAs }) => {
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'));
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	await rewrite(somtc, 'A.a', 'prevention', 'SOMTC', ' (pilot in 2017)');
	await expect(entryOf(somEd, 'A.a', 'prevention', 'SOMTC')).toContainText('(pilot in 2017)');
	await rewrite(somEd, 'A.a', 'prevention', 'SOM-ED', ' with teacher unions');
	await expect(entryOf(somtc, 'A.a', 'prevention', 'SOM-ED')).toContainText('with teacher unions');

	await cell(somtc, 'A.a', 'prevention').click({ position: { x: 4, y: 4 } });
	await somtc.getByRole('button', { name: 'History', exact: true }).click();
	const panel = somtc.getByRole('complementary', { name: 'History' });
	const rows = panel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
	await expect(rows).toHaveCount(2);

	// Restoring the cell to right after SOMTC's edit would undo SOM-ED's: refused with the reason.
	await rows.nth(1).getByRole('button', { name: 'Restore whole cell to here' }).click();
	await expect(panel.getByRole('status')).toContainText('Only SOM-ED delegates can edit SOM-ED entries.');
	// SOM-ED may: only its own entry changes. A new, attributed row, and SOMTC sees the text go back.
	await cell(somEd, 'A.a', 'prevention').click({ position: { x: 4, y: 4 } });
	await somEd.getByRole('button', { name: 'History', exact: true }).click();
	const theirPanel = somEd.getByRole('complementary', { name: 'History' });
	const theirRows = theirPanel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
	await theirRows.nth(1).getByRole('button', { name: 'Restore whole cell to here' }).click();
	await expect(theirPanel.getByRole('status')).toContainText('Restored');
	await expect(entryOf(somtc, 'A.a', 'prevention', 'SOM-ED')).not.toContainText('with teacher unions');
	await expect(entryOf(somtc, 'A.a', 'prevention', 'SOMTC')).toContainText('(pilot in 2017)');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('SOM-ED Delegate');
	await expect(rows.nth(0)).toContainText('Restore');
	await expect(rows.nth(0).locator('del')).toContainText('with teacher unions');
	await somtc.context().close();
	await somEd.context().close();
});

test('Ctrl+Z undoes only my own edit, never another delegate\'s; Shift+Ctrl+Z redoes it', async ({ openBoardAs }) => {
	const somtc = await openBoardAs(DEMO.delegate('SOMTC'));
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	const mine = (page: Page) => entryOf(page, 'A.c', 'prevention', 'SOMTC');
	const theirs = (page: Page) => entryOf(page, 'A.c', 'prevention', 'SOM-ED');

	await rewrite(somtc, 'A.c', 'prevention', 'SOMTC', ' [mine]');
	await expect(mine(somEd)).toContainText('[mine]');
	// The other delegate edits after me: a global undo would take theirs back first.
	await rewrite(somEd, 'A.c', 'prevention', 'SOM-ED', ' [theirs]');
	await expect(theirs(somtc)).toContainText('[theirs]');

	await somtc.keyboard.press('Control+z');
	await expect(mine(somtc)).not.toContainText('[mine]');
	await expect(mine(somEd)).not.toContainText('[mine]');
	await expect(theirs(somtc)).toContainText('[theirs]');
	await expect(theirs(somEd)).toContainText('[theirs]');

	// Nothing of SOM-ED's is on my stack: a second undo changes nothing of theirs.
	await somtc.keyboard.press('Control+z');
	await expect(theirs(somtc)).toContainText('[theirs]');
	await expect(somtc.getByRole('alert')).toHaveCount(0);

	await somtc.keyboard.press('Shift+Control+z');
	await expect(mine(somtc)).toContainText('[mine]');
	await expect(mine(somEd)).toContainText('[mine]');
	await expect(theirs(somEd)).toContainText('[theirs]');
	await somtc.context().close();
	await somEd.context().close();
});

test("the board's history lists who reworded a provision, with the words changed", async ({ page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await createBoard(page, 'Structure history');
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await page.getByRole('button', { name: 'Edit the wording of A.b' }).click();
	const wording = page.getByRole('textbox', { name: 'Wording of provision A.b' });
	await wording.fill(`${await wording.inputValue()} as agreed at WG 12`);
	await wording.press('Control+Enter');
	await expect(page.locator('tr[data-provision="A.b"] th')).toContainText('as agreed at WG 12');

	await page.getByRole('button', { name: 'History', exact: true }).click();
	const panel = page.getByRole('complementary', { name: 'History' });
	await panel.getByRole('button', { name: 'Whole board' }).click();
	const item = panel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem').filter({ hasText: 'changed the wording of A.b' });
	await expect(item).toContainText('Sam Secretariat');
	await expect(item).toContainText('Structure');
	await expect(item.locator('ins')).toContainText('as agreed at WG 12');
});

test('the secretariat saves two versions; comparing them shows the change', async ({ pageAs }) => {
	const page = await pageAs(DEMO.secretariat);
	const context = page.context();

	await page.goto('/boards/apa-2016/versions');
	await expect(page.getByRole('link', { name: 'As of 31 May 2016' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Status: Open for editing' })).toBeVisible();
	await page.getByLabel('Save the board as it is now, as').fill('E2E before WG 12');
	await page.getByRole('button', { name: 'Save version' }).click();
	await expect(page.getByRole('link', { name: 'E2E before WG 12' })).toBeVisible();

	await page.goto('/boards/apa-2016');
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await rewrite(page, 'A.e', 'institutional', 'SOMTC', ' [revised at WG 12]');
	// The board's activity since that version lists the change, with the cell it was made in.
	await page.getByRole('button', { name: 'History', exact: true }).click();
	const panel = page.getByRole('complementary', { name: 'History' });
	await panel.getByRole('button', { name: 'Whole board' }).click();
	await panel.getByRole('combobox', { name: /^Changes/ }).selectOption({ label: 'since “E2E before WG 12”' });
	const activity = panel.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
	await expect(activity).toHaveCount(1);
	await expect(activity.first()).toContainText('Sam Secretariat');
	await expect(activity.first().getByRole('button', { name: 'A.e · Institutional Development' })).toBeVisible();
	await panel.getByRole('button', { name: 'Close history' }).click();
	// The versions link in the board header.
	await page.getByRole('link', { name: 'Versions', exact: true }).click();
	await page.getByLabel('Save the board as it is now, as').fill('E2E after WG 12');
	await page.getByRole('button', { name: 'Save version' }).click();
	await expect(page.getByRole('link', { name: 'E2E after WG 12' })).toBeVisible();

	await page.getByLabel('Older version').selectOption('E2E before WG 12');
	await page.getByLabel('Newer version').selectOption('E2E after WG 12');
	await page.getByRole('button', { name: 'Compare', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Compare “E2E before WG 12” with “E2E after WG 12”' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '1 cell changed' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'A.e · Institutional Development' })).toBeVisible();
	const changed = page.locator('td[data-cell="A.e|institutional"]');
	await expect(changed).toHaveClass(/changed/);
	await expect(changed.locator('ins')).toContainText('[revised at WG 12]');
	await expect(page.locator('td.changed')).toHaveCount(1);

	// A saved version opens read-only.
	await page.goto(`/boards/apa-2016/versions/${encodeURIComponent('E2E before WG 12')}`);
	await expect(page.getByText('Read-only version')).toBeVisible();
	await expect(page.locator('td[data-cell="A.e|institutional"]')).not.toContainText('[revised at WG 12]');
	await expect(page.locator('.editable')).toHaveCount(0);
	await context.close();
});

test('finalizing makes the board read-only for everyone, and open boards reload, until it is reopened', async ({ pageAs, openBoardAs }) => {
	const delegate = await openBoardAs(DEMO.delegate('SOMTC'));
	await expect(delegate.locator('.editable').first()).toBeVisible();
	const secretariat = await pageAs(DEMO.secretariat);
	const context = secretariat.context();
	await secretariat.goto('/boards/apa-2016/versions');
	try {
		await secretariat.getByRole('button', { name: 'Finalize the board' }).click();
		const confirm = secretariat.getByRole('dialog', { name: /^Finalize / });
		await expect(confirm).toContainText('read-only for everyone');
		await confirm.getByRole('button', { name: 'Finalize the board' }).click();
		await expect(secretariat.getByRole('heading', { name: 'Status: Finalized · read-only' })).toBeVisible();
		await expect(secretariat.getByRole('link', { name: /^Finalized \d+ \w+ \d{4}$/ })).toBeVisible();
		// The delegate's open board is told, reloads, and shows the status; nothing is editable.
		await expect(delegate.getByText('Finalized · read-only')).toBeVisible({ timeout: 10_000 });
		await expect(delegate.getByText(/nobody can add, change or move anything.*ask the SOMTC chair or the ASEAN Secretariat/s)).toBeVisible({ timeout: 10_000 });
		await expect(delegate.locator('.editable')).toHaveCount(0);
	} finally {
		// Later tests need an open board.
		await secretariat.goto('/boards/apa-2016/versions');
		const reopen = secretariat.getByRole('button', { name: 'Reopen the board' });
		if (await reopen.isVisible()) await reopen.click();
	}
	await expect(secretariat.getByRole('heading', { name: 'Status: Open for editing' })).toBeVisible();
	await expect(delegate.getByText('Finalized · read-only')).toHaveCount(0, { timeout: 10_000 });
	await expect(delegate.locator('.editable').first()).toBeVisible();
	await context.close();
	await delegate.context().close();
});
