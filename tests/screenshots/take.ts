/**
 * Screenshots of the main pages at desktop, tablet and phone size into
 * docs/screenshots/ (`npm run screenshots`; shown in the README). Each is
 * the visible window at its real size, on a fresh seeded server, so they
 * change only when the screens do. Reduced to at most 256 colours when
 * `pngquant` is on the PATH (apt-get install pngquant), to keep the
 * repository small.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { APA_BOARD, cell, expect, test } from '../e2e/fixtures';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const SIZES = { desktop: { width: 1440, height: 900 }, tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const BOARD = `/boards/${APA_BOARD}`;

const hasPngquant = spawnSync('pngquant', ['--version']).status === 0;

/** Takes `name` at each size; `prepare` runs after each resize (e.g. reopening a panel, which brings its cell into view). */
async function shot(page: Page, name: string, prepare?: () => Promise<void>): Promise<void> {
	await page.evaluate(() => document.fonts.ready);
	for (const [size, viewport] of Object.entries(SIZES)) {
		await page.setViewportSize(viewport);
		await prepare?.();
		await page.waitForTimeout(300);
		const file = `${OUT}${name}-${size}.png`;
		await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
		if (hasPngquant) spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality=70-95', '--output', file, file]);
	}
	await page.setViewportSize(SIZES.desktop);
}

async function live(page: Page): Promise<void> {
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
}

test('screenshots of the main pages', async ({ browser, pageAs, openBoardAs }) => {
	mkdirSync(OUT, { recursive: true });
	const anonymous = await browser.newPage();
	await anonymous.goto('/login');
	await anonymous.locator('html[data-hydrated]').waitFor();
	await shot(anonymous, 'sign-in');
	await anonymous.close();

	const delegate = await openBoardAs(DEMO.delegate('SOM-ED'));
	await delegate.evaluate(() => localStorage.setItem('planning-board:guide-seen', '1'));
	await delegate.goto('/');
	await shot(delegate, 'board-list');
	await delegate.goto(BOARD);
	await live(delegate);
	await shot(delegate, 'board');
	// One change in the cell, so its history has something to show.
	const own = cell(delegate, 'A.b', 'prevention').locator('section[data-body="SOM-ED"] .editable').first();
	await own.click();
	const editor = delegate.getByRole('textbox', { name: 'Text of this SOM-ED entry' });
	await editor.press('End');
	await editor.pressSequentially(' (with teacher unions)');
	await editor.press('Control+Enter');
	const history = delegate.getByRole('button', { name: 'History', exact: true });
	const panel = delegate.getByRole('complementary', { name: 'History' });
	await cell(delegate, 'A.b', 'prevention').click({ position: { x: 4, y: 4 } });
	// Opened anew at each size: opening brings the selected cell into view beside the panel.
	await shot(delegate, 'board-history', async () => {
		if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close history' }).click();
		await history.click();
		await expect(panel.getByRole('listitem').first()).toBeVisible();
	});
	await delegate.goto(BOARD);
	await live(delegate);
	await delegate.getByRole('button', { name: 'Legend & help' }).click();
	await shot(delegate, 'legend');

	const secretariat = await openBoardAs(DEMO.secretariat);
	await secretariat.getByRole('button', { name: 'Review uncertain' }).click();
	await expect(secretariat.getByText('In the 2016 matrix:')).toBeVisible();
	await shot(secretariat, 'review-queue');
	await secretariat.goto(`${BOARD}/coverage`);
	await shot(secretariat, 'coverage');
	await secretariat.goto(`${BOARD}/meetings`);
	await shot(secretariat, 'meetings');
	await secretariat.goto(`${BOARD}/versions`);
	await shot(secretariat, 'versions');
	await secretariat.goto('/admin/users');
	await shot(secretariat, 'accounts');
	await secretariat.goto('/boards/import');
	await shot(secretariat, 'import');

	// A meeting, for its banner on the board and its minutes.
	const chair = await pageAs(DEMO.chair, `${BOARD}/meetings`);
	await chair.getByLabel('Title').fill('SOMTC WG 12');
	await chair.getByLabel(/^Agenda/).fill('A.b, D.e');
	await chair.getByRole('button', { name: 'Start the meeting' }).click();
	await live(chair);
	await shot(chair, 'meeting');
	await chair.getByRole('link', { name: 'Minutes so far' }).click();
	await expect(chair.getByRole('heading', { level: 1 })).toContainText('Draft minutes');
	await shot(chair, 'minutes');
});
