import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../helpers/demo';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

/** A separate browser context (its own cookies and IndexedDB) signed in as `email`, on the APA board. */
export async function openBoardAs(browser: Browser, email: string, search = ''): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	await page.goto(`/boards/apa-2016${search}`);
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	return page;
}

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

export const test = base;
export { expect };
