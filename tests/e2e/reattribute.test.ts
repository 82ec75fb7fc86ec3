import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

// The secretariat moves an entry to another body: the server moves it from
// one body's document to the other's, and everyone sees it change sections.

test('the secretariat moves an SOM-ED entry to SOMTC; everyone sees it under SOMTC; delegates have no such control', async ({ openBoardAs }) => {
	const secretariat = await openBoardAs(DEMO.secretariat);
	const observer = await openBoardAs(DEMO.observer);
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	const entry = cell(secretariat, 'A.a', 'institutional').locator('section[data-body="SOM-ED"] li').first();
	const text = (await entry.locator('.editable, .text').first().textContent())!.trim().slice(0, 40);

	// A delegate's menu on their own entry has no "Move to another body".
	const own = cell(somEd, 'A.a', 'institutional').locator('section[data-body="SOM-ED"] li').first();
	await own.locator('summary').click();
	await expect(own.getByRole('group', { name: 'Move to another body' })).toHaveCount(0);

	await entry.locator('summary').click();
	const group = entry.getByRole('group', { name: 'Move to another body' });
	await group.getByLabel('Body').selectOption('SOMTC');
	await group.getByRole('button', { name: 'Move' }).click();
	await expect(cell(observer, 'A.a', 'institutional').locator('section[data-body="SOMTC"]')).toContainText(text);
	await expect(cell(observer, 'A.a', 'institutional').locator('section[data-body="SOM-ED"]')).not.toContainText(text);
	await expect(cell(somEd, 'A.a', 'institutional').locator('section[data-body="SOMTC"]')).toContainText(text);
});
