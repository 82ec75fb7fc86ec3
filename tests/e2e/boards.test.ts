import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

test('the secretariat creates a board from the APA provisions and shapes it', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.getByRole('textbox', { name: 'Title' }).fill('APA work plan 2027');
	// The date is entered as the app writes it: day, month by name, year.
	const asOf = page.getByRole('group', { name: 'As of' });
	await asOf.getByRole('spinbutton', { name: 'Day' }).fill('15');
	await asOf.getByRole('combobox', { name: 'Month' }).selectOption({ label: 'January' });
	await asOf.getByRole('spinbutton', { name: 'Year' }).fill('2027');
	await page.getByLabel('The 44 APA provisions, no activities yet').check();
	await page.getByRole('button', { name: 'Create board' }).click();

	await expect(page).toHaveURL(/\/boards\/apa-work-plan-2027/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('APA work plan 2027');
	await expect(page.getByText('As of 15 January 2027')).toBeVisible();
	await expect(page.locator('tr[data-provision]')).toHaveCount(44);
	await expect(page.locator('li[data-entry]')).toHaveCount(0);

	// Rename a category; add a provision to part B.
	await page.getByRole('button', { name: 'Rename the category Prevention' }).click();
	const name = page.getByRole('textbox', { name: 'Name of this category' });
	await name.fill('Prevention and Awareness');
	await name.press('Enter');
	await expect(page.getByRole('columnheader', { name: /Prevention and Awareness/ })).toBeVisible();

	await page.getByRole('button', { name: '+ Provision in part B' }).click();
	await page.getByLabel('Wording of the new provision').fill('Support reintegration of survivors.');
	await page.getByRole('button', { name: 'Add provision' }).click();
	await expect(page.locator('tr[data-provision]')).toHaveCount(45);
	await expect(page.locator('tbody[data-part="B"]')).toContainText('B.i');

	// The board is listed, and the change survives a reload.
	await page.reload();
	await expect(page.getByRole('columnheader', { name: /Prevention and Awareness/ })).toBeVisible();
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'APA work plan 2027' })).toBeVisible();
});

test.describe('on a slow connection', () => {
	// The service worker would serve the app's code from its cache, past the hold below.
	test.use({ serviceWorkers: 'block' });

	test('the new-board form keeps what the secretariat typed before the page\'s code had run', async ({ page, signInAs }) => {
		await signInAs(page, DEMO.secretariat);
		// The form is on screen before the code that runs it: hold that code back, and load the page again.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await held;
			await route.continue();
		});
		await page.reload({ waitUntil: 'commit' });
		const title = page.getByRole('textbox', { name: 'Title' });
		const empty = page.getByLabel('Empty: the four categories and APA parts, no provisions');
		await title.fill('Typed while the page loads');
		await empty.check();
		await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
		release();
		await page.locator('html[data-hydrated]').waitFor();
		await expect(title).toHaveValue('Typed while the page loads');
		await expect(empty).toBeChecked();
	});
});

test('a new board needs a title, and a delegate cannot create boards or edit structure', async ({ page, pageAs, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.getByRole('textbox', { name: 'Title' }).fill('   ');
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByRole('alert')).toHaveText('Give the board a title.');

	const delegate = await pageAs(DEMO.delegate('ACWC'));
	await expect(delegate.getByRole('button', { name: 'Create board' })).toHaveCount(0);
	await delegate.goto('/boards/apa-2016');
	await expect(cell(delegate, 'A.a', 'institutional')).toBeVisible();
	await expect(delegate.getByRole('button', { name: /^Rename the category/ })).toHaveCount(0);
	await expect(delegate.getByRole('button', { name: /^\+ Provision/ })).toHaveCount(0);
	await delegate.close();
});

test('the board list says each board\'s status, last change, entries, coverage and my role, and how a board works', async ({ pageAs }) => {
	const delegate = await pageAs(DEMO.delegate('SOM-ED'));
	await delegate.goto('/');
	const item = delegate.getByRole('listitem').filter({ has: delegate.getByRole('link', { name: 'Possible Areas of Collaboration', exact: false }) }).first();
	await expect(item).toContainText('Open for editing');
	await expect(item).toContainText('Delegate of SOM-ED: you add and edit SOM-ED’s activities');
	await expect(item.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
	await expect(item).toContainText(/Coverage\s*\d+ % of cells \(\d+ of \d+\)/);
	const entries = (await item.locator('.facts div', { hasText: 'Entries' }).locator('dd').textContent())!.trim();
	await item.getByRole('link').first().click();
	await expect(delegate.getByText(`· ${entries} entries`)).toBeVisible();

	// A first-time visitor gets the short explanation open.
	await delegate.evaluate(() => localStorage.removeItem('planning-board:guide-seen'));
	await delegate.goto('/');
	await expect(delegate.getByText('A board is a table')).toBeVisible();
	await delegate.close();
});
