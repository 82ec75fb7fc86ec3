import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { expect, test } from './fixtures';

test('the secretariat invites a delegate, who sets a password through the link and signs in', async ({ browser, page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.getByRole('link', { name: 'Accounts' }).click();
	await createDelegate(page, 'Dara Delegate', 'dara@aslom.example', 'ASLOM');
	await expect(page.getByRole('status')).toContainText('Created dara@aslom.example');
	const link = (await page.locator('.link code').textContent())!.trim();
	expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
	await expect(page.getByRole('row', { name: /dara@aslom.example/ })).toContainText('Invited');

	const dara = await (await browser.newContext()).newPage();
	await dara.goto(link);
	await dara.getByLabel('New password').fill('aslom delegate 2027');
	await dara.getByLabel('Repeat it').fill('aslom delegate 2027');
	await dara.getByRole('button', { name: 'Set password and sign in' }).click();
	await expect(dara.getByText('Dara Delegate')).toBeVisible();
	await expect(dara.getByText('Delegate · ASLOM')).toBeVisible();

	// The link works once.
	await dara.goto(link);
	await expect(dara.getByRole('alert')).toContainText('expired or was already used');
	await dara.context().close();
});

test('deactivating a delegate ends their open board at once', async ({ page, openBoardAs, signInAs }) => {
	const somhd = await openBoardAs(DEMO.delegate('SOMHD'));
	await signInAs(page, DEMO.secretariat);
	await page.goto('/admin/users');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByRole('button', { name: `Deactivate ${DEMO.delegate('SOMHD')}` }).click();
	// Nothing happens before the in-app confirmation, which says what will.
	const confirm = page.getByRole('dialog', { name: /^Deactivate / });
	await expect(confirm).toContainText('can no longer sign in');
	await expect(somhd.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await confirm.getByRole('button', { name: 'Deactivate account' }).click();
	await expect(page.getByRole('status')).toContainText('is deactivated');

	await expect(somhd.getByRole('alert')).toContainText('your account was deactivated');
	await expect(somhd).toHaveURL(/\/login\?.*why=deactivated/, { timeout: 10_000 });
	await expect(somhd.getByRole('alert')).toContainText('You were signed out because your account was deactivated');

	// Reactivate so other tests keep their demo account.
	await page.getByRole('button', { name: `Reactivate ${DEMO.delegate('SOMHD')}` }).click();
	await expect(page.getByRole('status')).toContainText('can sign in again');
	await somhd.context().close();
});

test('a password reset, confirmed first, ends the old password and tells the person on the board why they were signed out', async ({ browser, page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.goto('/admin/users');
	await createDelegate(page, 'Rene Reset', 'rene@somswd.example', 'SOMSWD');
	const invite = (await page.locator('.link code').textContent())!.trim();
	const rene = await (await browser.newContext()).newPage();
	await rene.goto(invite);
	await rene.getByLabel('New password').fill('the first password');
	await rene.getByLabel('Repeat it').fill('the first password');
	await rene.getByRole('button', { name: 'Set password and sign in' }).click();
	await rene.goto('/boards/apa-2016');
	await expect(rene.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

	await page.getByRole('button', { name: 'Reset password of rene@somswd.example' }).click();
	const confirm = page.getByRole('dialog', { name: 'Reset the password of Rene Reset?' });
	await expect(confirm).toContainText('current password stops working');
	await confirm.getByRole('button', { name: 'Cancel' }).click();
	await expect(confirm).toBeHidden();
	await expect(rene.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await page.getByRole('button', { name: 'Reset password of rene@somswd.example' }).click();
	await confirm.getByRole('button', { name: 'Reset password' }).click();
	await expect(page.getByRole('status')).toContainText('to set a new password');

	await expect(rene).toHaveURL(/\/login\?.*why=reset/, { timeout: 10_000 });
	await expect(rene.getByRole('alert')).toContainText('the secretariat reset your password');
	await signInFails(rene, 'rene@somswd.example', 'the first password');
	await rene.context().close();
});

/** Fills the Accounts page's "New account" form for a delegate of `body`. */
async function createDelegate(page: Page, name: string, email: string, body: string) {
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Role').selectOption('delegate');
	await page.getByLabel('Sectoral body').selectOption(body);
	await page.getByRole('button', { name: 'Create and get invite link' }).click();
}

async function signInFails(page: Page, email: string, password: string) {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('Email or password is not right.')).toBeVisible();
}
