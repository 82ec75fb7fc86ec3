import { exportJson } from '../../src/lib/server/export/json';
import { DEMO } from '../helpers/demo';
import { seededModel } from '../helpers/export-model';
import { syntheticDocs } from '../helpers/synthetic-board';
import { expect, test } from './fixtures';

// A board far bigger than the APA board renders only the rows near the view
// (tests/bench/scale.ts measures why); everything a person does must still
// reach every row: scrolling, filters, links to a cell, the keyboard.
test.describe.configure({ timeout: 90_000 });

test('a big board renders the rows in view and still reaches every row', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	const file = exportJson(seededModel({ docs: syntheticDocs({ provisions: 240, entries: 1500 }) }));
	await page.goto('/');
	await page.getByRole('link', { name: 'Import a board' }).click();
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('File (.json, .csv or .xlsx)').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(file) });
	await page.getByRole('button', { name: 'Preview' }).click();
	await page.getByLabel('Title of the new board').fill('A big board');
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A big board');
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByText('240 provisions · 1500 entries')).toBeVisible();
	const boardUrl = page.url();

	const rows = page.locator('tr[data-provision]');
	const grid = page.getByRole('grid');
	await expect(grid).toHaveAttribute('aria-rowcount', String(240 + 4 + 1));
	expect(await rows.count()).toBeLessThan(40);
	await expect(rows.first()).toContainText('A.a');

	// Scrolling to the end shows the last provision.
	await page.locator('.scroller').evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
	await expect(rows.last()).toContainText('D.bh');
	await expect(page.locator('tr[data-provision] .ref').getByText('A.a', { exact: true })).toHaveCount(0);

	// Arrow keys walk past the rendered rows.
	await page.locator('.scroller').evaluate((box) => box.scrollTo({ top: 0 }));
	await rows.first().locator('th').click({ position: { x: 5, y: 5 } });
	for (let i = 0; i < 45; i++) await page.keyboard.press('ArrowDown');
	await expect(page.locator('tr[data-provision] th:focus')).toContainText('A.at');

	// A filter applies to the whole board, not just the rendered rows.
	await page.getByLabel(/^Body/).selectOption('ACWC');
	await expect(page.locator('section[data-body]').first()).toBeVisible();
	expect(new Set(await page.locator('section[data-body]').evaluateAll((s) => s.map((e) => e.getAttribute('data-body'))))).toEqual(new Set(['ACWC']));

	// A link to a cell far down the board opens with that cell in view and focused.
	const last = await page.locator('.scroller').evaluate(async (box) => {
		box.scrollTo({ top: box.scrollHeight });
		await new Promise((resolve) => setTimeout(resolve, 300));
		return [...box.querySelectorAll('tr[data-provision]')].at(-1)!.getAttribute('data-provision');
	});
	await page.goto(`${boardUrl}?cell=${encodeURIComponent(`${last}|prevention`)}`);
	const target = page.locator(`td[data-cell="${last}|prevention"]`);
	await expect(target).toBeFocused();
	await expect(target).toBeInViewport();
});
