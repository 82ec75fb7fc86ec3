import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

test('the coverage view follows edits made live elsewhere and links back to the cell', async ({ pageAs, openBoardAs }) => {
	const chair = await pageAs(DEMO.chair);
	const chairContext = chair.context();
	await chair.goto('/boards/apa-2016/coverage');
	await expect(chair.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

	const target = chair.locator('td[data-cell="C.d|research"]');
	await expect(target).toContainText('none');
	await expect(chair.getByRole('row', { name: /^SOM-MLAT/ })).toContainText('—');

	const delegate = await openBoardAs(DEMO.delegate('SOM-MLAT'));
	await cell(delegate, 'C.d', 'research').getByRole('button', { name: /^Add an activity/ }).click();
	await delegate.getByRole('textbox', { name: /^New activity under C.d/ }).fill('Survey of mutual legal assistance requests');
	await delegate.getByRole('button', { name: 'Add', exact: true }).click();

	await expect(target).toContainText('1 body');
	await expect(target).toContainText('no lead');
	await expect(chair.getByRole('row', { name: /^SOM-MLAT/ }).getByRole('cell').nth(1)).toContainText('1');

	await chair.getByRole('radio', { name: 'Agreed or beyond' }).check();
	await expect(target).toContainText('0/1 agreed+');

	await target.getByRole('link').click();
	await expect(chair).toHaveURL(/\/boards\/apa-2016\?cell=C\.d%7Cresearch/);
	await expect(cell(chair, 'C.d', 'research')).toBeFocused();
	await expect(cell(chair, 'C.d', 'research')).toContainText('Survey of mutual legal assistance requests');

	await delegate.context().close();
	await chairContext.close();
});

test('the gap list downloads as CSV', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	await page.goto('/boards/apa-2016/coverage');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
	expect(download.suggestedFilename()).toBe('apa-2016-gaps.csv');
	const text = await (await download.createReadStream()).toArray();
	const csv = Buffer.concat(text).toString('utf8');
	expect(csv).toContain('provision without entries,D.l,,,'); // no test adds to D.l
});
