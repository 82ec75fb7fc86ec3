import type { Locator, Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

test.describe.configure({ timeout: 60_000 });

/** The text of the entry the review dialog shows now. */
async function shownText(review: Locator): Promise<string> {
	const text = (await review.getByRole('article', { name: 'Entry under review' }).locator('p.entry-text').textContent()) ?? '';
	// The paragraph starts with the body badge.
	return text.replace(/^\s*\S+(\s*\([^)]*\))?\s+/, '').trim();
}

/** The board's entry with this text. */
const entryWith = (page: Page, text: string) => page.locator('li[data-entry]').filter({ hasText: text }).first();

test('the secretariat goes through uncertain placements one by one: confirm, move, edit, each in the history under its name', async ({ openBoardAs }) => {
	const page = await openBoardAs(DEMO.secretariat);
	await page.getByRole('button', { name: 'Review uncertain' }).click();
	const review = page.getByRole('dialog', { name: 'Review uncertain placements' });
	await expect(review).toBeVisible();
	await expect(review).toContainText(/1 of \d+ still to review/);
	// Why, in plain words, and the original lines of the 2016 matrix beside it.
	await expect(review.getByText('In the 2016 matrix:')).toBeVisible();
	await expect(review.locator('.source-lines dt').first()).toHaveText(/^Line \d+$/);
	await expect(review.getByRole('list', { name: /^Fields of line \d+$/ }).first().getByRole('listitem').first()).toBeVisible();

	// Confirm: the flag goes from the board, the next entry is shown.
	const confirmed = await shownText(review);
	await expect(entryWith(page, confirmed).getByRole('button', { name: 'Uncertain: why?' })).toHaveCount(1);
	await review.getByRole('button', { name: 'Confirm: placed right' }).click();
	await expect(review.getByRole('status')).toContainText('Confirmed.');
	await expect.poll(() => shownText(review)).not.toBe(confirmed);
	await expect(entryWith(page, confirmed).getByRole('button', { name: 'Uncertain: why?' })).toHaveCount(0);

	// Move to another cell (listed with the provision's words) and confirm.
	const moved = await shownText(review);
	await review.getByRole('button', { name: 'Move…' }).click();
	const provisions = review.getByLabel('Provision');
	await expect(provisions.locator('option[value="D.a"]')).toHaveText(/^D\.a \S+/);
	await provisions.selectOption('D.a');
	await review.getByLabel('Category').selectOption('research');
	await review.getByRole('button', { name: 'Move and confirm' }).click();
	await expect(review.getByRole('status')).toContainText('Moved to D.a · Research Development and confirmed.');
	await expect(cell(page, 'D.a', 'research')).toContainText(moved);

	// Correct the text and confirm.
	await review.getByRole('button', { name: 'Edit text…' }).click();
	await review.getByLabel('Correct the text').fill('Reviewed wording of an activity');
	await review.getByRole('button', { name: 'Save and confirm' }).click();
	await expect(review.getByRole('status')).toContainText('Text corrected and confirmed.');
	await expect(entryWith(page, 'Reviewed wording of an activity')).toBeVisible();
	await expect(entryWith(page, 'Reviewed wording of an activity').getByRole('button', { name: 'Uncertain: why?' })).toHaveCount(0);

	// Skipping keeps the entry in the queue: Previous brings it back.
	const skipped = await shownText(review);
	await review.getByRole('button', { name: 'Skip for now' }).click();
	await expect.poll(() => shownText(review)).not.toBe(skipped);
	await review.getByRole('button', { name: 'Previous' }).click();
	await expect.poll(() => shownText(review)).toBe(skipped);
	await review.getByRole('button', { name: 'Close' }).click();

	// Each step is in the cell's history, under the reviewer's name.
	await cell(page, 'D.a', 'research').click({ position: { x: 4, y: 4 } });
	await page.getByRole('button', { name: 'History', exact: true }).click();
	const rows = page.getByRole('complementary', { name: 'History' }).getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
	await expect(rows.filter({ hasText: 'cleared “uncertain”' }).first()).toContainText('Sam Secretariat');
	await expect(rows.filter({ hasText: 'moved here from' }).first()).toContainText('Sam Secretariat');
	await page.context().close();
});

test('a delegate sees the original line beside an uncertain entry and has no review queue', async ({ openBoardAs }) => {
	const page = await openBoardAs(DEMO.delegate('SLOM'));
	await expect(page.getByRole('button', { name: 'Review uncertain' })).toHaveCount(0);
	// Seeded from line 10 of the 2016 matrix, whose fields slipped a column.
	const flagged = cell(page, 'A.a', 'research').locator('li[data-entry]').filter({ hasText: 'Publication of an ASEAN Compendium' });
	await flagged.getByRole('button', { name: 'Uncertain: why?' }).click();
	await expect(flagged.getByText('In the 2016 matrix:')).toBeVisible();
	await expect(flagged.locator('.source-lines dt')).toHaveText('Line 10');
	const fields = flagged.getByRole('list', { name: 'Fields of line 10' }).getByRole('listitem');
	await expect(fields.filter({ hasText: 'Publication of an ASEAN Compendium' })).toHaveCount(1);
	await expect(fields.last()).toHaveText('SLOM (ACMW)');
	await page.context().close();
});
