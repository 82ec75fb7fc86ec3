import { DEMO } from '../helpers/demo';
import { APA_BOARD, expect, signIn, test } from './fixtures';

// These tests are about signing in and out, so they sign in through the login
// form every time and never reuse the stored sessions of the other tests.

test('a wrong password gets one clear message that does not reveal whether the account exists', async ({ page }) => {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill(DEMO.chair);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email or password is not right.');

	await page.getByLabel('Email').fill('nobody@demo.test');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email or password is not right.');
});

test('signing out ends the session', async ({ page }) => {
	await signIn(page, DEMO.delegate('SOMHD'));
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/boards/apa-2016');
	await expect(page).toHaveURL(/\/login\?next=/);
});

test('"Sign out everywhere" ends the same person\'s sessions on other devices, and their open board with them', async ({ browser }) => {
	const laptop = await (await browser.newContext()).newPage();
	await signIn(laptop, DEMO.delegate('SLOM'));
	await laptop.goto(`/boards/${APA_BOARD}`);
	await expect(laptop.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	await signIn(phone, DEMO.delegate('SLOM'));

	await phone.getByRole('button', { name: 'Sign out everywhere' }).click();
	await expect(phone).toHaveURL(/\/login$/);
	await expect(laptop.getByRole('alert')).toContainText('Your session has ended');
	await expect(laptop).toHaveURL(/\/login\?next=/, { timeout: 10_000 });
	await laptop.context().close();
	await phoneContext.close();
});
