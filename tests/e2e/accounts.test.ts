import { DEMO } from '../helpers/demo';
import { expect, test } from './fixtures';

test('the secretariat invites a delegate, who sets a password through the link and signs in', async ({ browser, page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.getByRole('link', { name: 'Accounts' }).click();
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Name').fill('Dara Delegate');
	await page.getByLabel('Email').fill('dara@aslom.example');
	await page.getByLabel('Role').selectOption('delegate');
	await page.getByLabel('Sectoral body').selectOption('ASLOM');
	await page.getByRole('button', { name: 'Create and get invite link' }).click();
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
	await expect(page.getByRole('status')).toContainText('is deactivated');

	await expect(somhd.getByRole('alert')).toContainText('Your session has ended');
	await expect(somhd).toHaveURL(/\/login/, { timeout: 10_000 });

	// Reactivate so other tests keep their demo account.
	await page.getByRole('button', { name: `Reactivate ${DEMO.delegate('SOMHD')}` }).click();
	await expect(page.getByRole('status')).toContainText('can sign in again');
	await somhd.context().close();
});
