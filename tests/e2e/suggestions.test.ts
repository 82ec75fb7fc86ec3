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
