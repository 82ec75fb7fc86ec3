import { DEMO } from '../helpers/demo';
import { expect, test } from './fixtures';

test('a signed-out visitor is sent to the login page', async ({ page }) => {
	await page.goto('/boards/apa-2016');
	await expect(page).toHaveURL(/\/login\?next=%2Fboards%2Fapa-2016/);
});

test('the seeded APA board shows real 2016 entries in their cells', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.observer);
	await page.getByRole('link', { name: 'APA: Possible Areas of Collaboration' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('APA: Possible Areas of Collaboration');
	await expect(page.getByText('As of 31 May 2016')).toBeVisible();

	// Four parts, 44 provision rows, the four categories as columns.
	await expect(page.locator('tbody[data-part]')).toHaveCount(4);
	await expect(page.locator('tr[data-provision]')).toHaveCount(44);
	for (const name of ['Institutional Development', 'Research Development', 'Training/Capacity Building', 'Prevention']) {
		await expect(page.getByRole('columnheader', { name })).toBeVisible();
	}

	// DGICM's Lost & Stolen Passport facility sits under A.c, Prevention, with its body code.
	const dgicm = page.locator('td[data-cell="A.c|prevention"] section[data-body="DGICM"]');
	await expect(dgicm).toContainText('Lost & Stolen Passport (LSP) Online Enquiry Facility');
	await expect(dgicm.getByText('DGICM', { exact: true })).toBeVisible();

	// AICHR's thematic studies: A.a, Research Development.
	await expect(page.locator('td[data-cell="A.a|research"] section[data-body="AICHR"]')).toContainText(
		'Thematic Studies on the existing policies to prevent TIP'
	);

	// SOMSWD's care and support services: B.a, Institutional Development.
	await expect(page.locator('td[data-cell="B.a|institutional"] section[data-body="SOMSWD"]')).toContainText(
		'provision of care and support services is sustainable and comprehensive'
	);

	// A provision with no 2016 activities stays on the board, with empty cells: a visible gap.
	const emptyRow = page.locator('tr[data-provision="C.a"]');
	await expect(emptyRow).toBeVisible();
});
