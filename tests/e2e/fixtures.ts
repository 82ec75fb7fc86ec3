import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../helpers/demo';

/** What a signed-in browser keeps: here the session cookie. */
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** The window size the fixtures sign in at, before a test's own size applies. */
const SIGN_IN_VIEWPORT = { width: 1440, height: 900 };

/** The APA board every fresh e2e database is seeded with. */
export const APA_BOARD = 'apa-2016';

/**
 * Signs in through the login form, as a person would. Only the tests of
 * signing in and out (and of servers of their own) do this; the others reuse
 * a stored session through the fixtures below.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

/** Waits until `page` shows the board, hydrated and connected. */
async function boardIsLive(page: Page): Promise<void> {
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
}

interface SessionFixtures {
	/** A page in a browser context of its own (own cookies and IndexedDB), signed in as `email`, on `path`. */
	pageAs(email: string, path?: string): Promise<Page>;
	/** `pageAs` on a board (the APA board unless `boardId`), with `search` added to the URL, once it is live. */
	openBoardAs(email: string, search?: string, boardId?: string): Promise<Page>;
	/** Signs the test's own `page` in as `email` and opens the home page, where the login form would land. */
	signInAs(page: Page, email: string): Promise<void>;
	/** An HTTP client with `email`'s session that sends this site's Origin, as the app's own fetches do. */
	apiAs(email: string): Promise<APIRequestContext>;
}

interface WorkerFixtures {
	/** The stored session of each account, made once per worker through the login form. */
	sessions: { state(browser: Browser, baseURL: string, email: string): Promise<StorageState> };
}

/**
 * Fixtures that sign in once per account (through the login form, the first
 * time an account is asked for) and reuse that session's `storageState` in
 * later tests, instead of every test typing the password again. A test that
 * ends the session (signing out everywhere, deactivating the account) makes
 * the next one sign in afresh: a stored session is checked before reuse.
 */
export const test = base.extend<SessionFixtures, WorkerFixtures>({
	sessions: [
		async ({ playwright }, use) => {
			const states = new Map<string, StorageState>();
			async function stillValid(baseURL: string, state: StorageState): Promise<boolean> {
				const api = await playwright.request.newContext({ baseURL, storageState: state });
				const ok = (await api.get('/api/notifications')).ok();
				await api.dispose();
				return ok;
			}
			await use({
				async state(browser, baseURL, email) {
					const stored = states.get(email);
					if (stored && (await stillValid(baseURL, stored))) return stored;
					// At desktop size whatever the test's viewport: on a phone "Sign out" folds into the menu.
					const context = await browser.newContext({ baseURL, viewport: SIGN_IN_VIEWPORT });
					await signIn(await context.newPage(), email);
					const state = await context.storageState();
					await context.close();
					states.set(email, state);
					return state;
				}
			});
		},
		{ scope: 'worker' }
	],

	pageAs: async ({ browser, baseURL, sessions }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (email, path = '/') => {
			const context = await browser.newContext({ storageState: await sessions.state(browser, baseURL!, email) });
			contexts.push(context);
			const page = await context.newPage();
			await page.goto(path);
			await page.locator('html[data-hydrated]').waitFor();
			return page;
		});
		for (const context of contexts) await context.close();
	},

	openBoardAs: async ({ pageAs }, use) => {
		await use(async (email, search = '', boardId = APA_BOARD) => {
			const page = await pageAs(email, `/boards/${boardId}${search}`);
			await boardIsLive(page);
			return page;
		});
	},

	signInAs: async ({ browser, baseURL, sessions }, use) => {
		await use(async (page, email) => {
			await page.context().addCookies((await sessions.state(browser, baseURL!, email)).cookies);
			await page.goto('/');
			await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
		});
	},

	apiAs: async ({ playwright, browser, baseURL, sessions }, use) => {
		const clients: APIRequestContext[] = [];
		await use(async (email) => {
			const state = await sessions.state(browser, baseURL!, email);
			const client = await playwright.request.newContext({ baseURL, storageState: state, extraHTTPHeaders: { origin: new URL(baseURL!).origin } });
			clients.push(client);
			return client;
		});
		for (const client of clients) await client.dispose();
	}
});

export { expect };

/**
 * Creates a board through the secretariat's "New board" form (the page must be
 * signed in as the secretariat) and returns its id. Tests that count things
 * use their own board, so other tests' edits of the shared APA board do not matter.
 */
export async function createBoard(page: Page, title: string, template = 'The APA matrix as of 31 May 2016, with its activities'): Promise<string> {
	await page.goto('/');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByRole('textbox', { name: 'Title' }).fill(title);
	await page.getByRole('radio', { name: template }).check();
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	return new URL(page.url()).pathname.split('/')[2];
}

/** The cell of provision × category on the board page. */
export function cell(page: Page, provision: string, category: string) {
	return page.locator(`td[data-cell="${provision}|${category}"]`);
}

