import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, DEMO_PASSWORD } from '../helpers/demo';
import { AppProcess } from './app-process';
import { cell, expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/** The seeded board's title: the 2016 document's own. */
const APA_TITLE = 'Possible Areas of Collaboration with other Relevant ASEAN Sectoral Bodies / ASEAN Organs under the Framework of ASEAN Plan of Action (APA) Against Trafficking in Persons, Especially Women and Children';

// The hotel Wi-Fi case in full: the server becomes unreachable, the delegate
// keeps editing, reloads the page, still has the board and their edit, and
// the edit reaches the server when it is back. This test owns its server so
// it can take it away (the browser's offline switch does not cover a service
// worker's own requests; a dead server does).
test.describe.configure({ timeout: 120_000 });

let app: AppProcess;
let dataDir: string;

test.beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'planning-board-offline-'));
	app = new AppProcess(Number(process.env.E2E_PORT) + 1, dataDir);
	await app.start();
});

test.afterAll(async () => {
	await app?.kill();
	rmSync(dataDir, { recursive: true, force: true });
});

async function signInAt(page: Page, email: string): Promise<void> {
	await page.goto(`${app.url}/login`);
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

/** Whether the service worker holds a copy of `url` for offline use. */
function pageIsCached(page: Page, url: string): Promise<boolean> {
	return page.evaluate(async (url) => {
		for (const name of await caches.keys()) {
			if (name.startsWith('planning-board-pages-') && (await (await caches.open(name)).match(url))) return true;
		}
		return false;
	}, url);
}

test('a board reloads while the server is unreachable, keeps the offline edit and sends it when the server is back', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signInAt(page, DEMO.delegate('SOMHD'));
	const boardUrl = `${app.url}/boards/apa-2016`;
	await page.goto(boardUrl);
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await expect.poll(() => pageIsCached(page, boardUrl), { timeout: 15_000 }).toBe(true);

	await app.kill();
	await context.setOffline(true);
	await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible({ timeout: 10_000 });
	await cell(page, 'C.c', 'training').getByRole('button', { name: /^Add an activity/ }).click();
	await page.getByRole('textbox', { name: /^New activity under C.c/ }).fill('Written with no connection');
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('1 change not yet sent');

	await page.reload();
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(APA_TITLE);
	await expect(cell(page, 'C.c', 'training')).toContainText('Written with no connection');
	await expect(page.getByRole('status')).toContainText(/Offline|Reconnecting/);
	await expect(page.getByRole('status')).toContainText('1 change not yet sent');

	// A page never opened online says so instead of the browser's error page
	// (an in-app link: its data request fails, SvelteKit loads the whole page).
	await page.getByRole('link', { name: 'Meetings', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
	await page.goBack();
	await page.locator('html[data-hydrated]').waitFor();

	await app.start();
	await context.setOffline(false);
	await expect(page.getByRole('status')).toHaveText('Live', { timeout: 20_000 });

	const chairContext = await browser.newContext();
	const chair = await chairContext.newPage();
	await signInAt(chair, DEMO.chair);
	await chair.goto(boardUrl);
	await expect(cell(chair, 'C.c', 'training')).toContainText('Written with no connection');
	await chairContext.close();

	// Signing out forgets the kept pages.
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect.poll(() => pageIsCached(page, boardUrl)).toBe(false);
	await context.close();
});
