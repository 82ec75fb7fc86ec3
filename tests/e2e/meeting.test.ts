import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { cell, createBoard, expect, test } from './fixtures';

// Meeting mode on a board of its own (the secretariat creates it from the APA
// template), so other tests' edits of the shared APA board never matter.

const row = (page: Page, provision: string) => page.locator(`tr[data-provision="${provision}"]`);
const banner = (page: Page) => page.getByRole('region', { name: 'Meeting', exact: true });
const entryOf = (page: Page, provision: string, category: string, body: string) =>
	cell(page, provision, category).locator(`section[data-body="${body}"] li`).first();

test('a meeting: followers move with the presenter, the chair agrees in one click, the minutes list what changed', async ({ pageAs, openBoardAs }) => {
	// Three browser contexts and a whole meeting: longer than one default test.
	test.setTimeout(90_000);
	const secretariat = await pageAs(DEMO.secretariat);
	const boardId = await createBoard(secretariat, 'Meeting mode board');
	await secretariat.context().close();

	const chair = await openBoardAs(DEMO.chair, '', boardId);
	const delegate = await openBoardAs(DEMO.delegate('SOM-ED'), '', boardId);
	await expect(banner(delegate)).toHaveCount(0);

	// The chair starts the meeting from the board's Meetings page and lands back on the board.
	await chair.getByRole('link', { name: 'Meetings', exact: true }).click();
	await chair.getByLabel('Title').fill('SOMTC WG 12');
	await chair.getByLabel(/^Agenda/).fill('A.b, D.e');
	await expect(chair.locator('#agenda-check li')).toHaveText([/^A\.b /, /^D\.e /]);
	await chair.getByRole('button', { name: 'Start the meeting' }).click();
	await expect(banner(chair)).toContainText('Meeting: SOMTC WG 12 — item 1 of 2: A.b');
	await expect(banner(delegate)).toContainText('item 1 of 2: A.b', { timeout: 10_000 });
	await expect(banner(delegate)).toContainText('presented by Chris Chair (SOMTC)');

	// Next: the delegate's view follows to D.e.
	await expect(row(delegate, 'D.e')).not.toBeInViewport();
	await banner(chair).getByRole('button', { name: 'Next →' }).click();
	await expect(banner(delegate)).toContainText('item 2 of 2: D.e');
	await expect(row(delegate, 'D.e')).toBeInViewport();
	await expect(row(chair, 'D.e')).toBeInViewport();

	// The delegate stops following: the chair's Previous no longer moves their view.
	await banner(delegate).getByRole('button', { name: 'Stop following' }).click();
	await banner(chair).getByRole('button', { name: '← Previous' }).click();
	await expect(banner(delegate)).toContainText('item 1 of 2: A.b');
	await expect(row(chair, 'A.b')).toBeInViewport();
	await expect(row(delegate, 'D.e')).toBeInViewport();
	await expect(row(delegate, 'A.b')).not.toBeInViewport();
	await expect(banner(delegate).getByRole('button', { name: 'Follow', exact: true })).toBeVisible();

	// One click for the chair on another body's entry of the item under discussion (A.b) only;
	// delegates see no Agree button.
	await expect(chair.locator('li[data-entry]').getByRole('button', { name: /^Mark this .* entry agreed$/ }).first()).toBeVisible();
	await expect(chair.locator('tr[data-provision]:not([data-provision="A.b"])').getByRole('button', { name: /agreed$/ })).toHaveCount(0);
	const agreedEntry = entryOf(chair, 'A.b', 'training', 'SOM-ED');
	await expect(entryOf(delegate, 'A.b', 'training', 'SOM-ED').getByRole('button', { name: /agreed$/ })).toHaveCount(0);
	await agreedEntry.getByRole('button', { name: 'Mark this SOM-ED entry agreed' }).click();
	await expect(agreedEntry.locator('.status')).toHaveText('Agreed');
	await expect(entryOf(delegate, 'A.b', 'training', 'SOM-ED').locator('.status')).toHaveText('Agreed');
	await expect(agreedEntry.getByRole('button', { name: 'Mark this SOM-ED entry agreed' })).toHaveCount(0);

	// The delegate edits an entry of their body during the meeting.
	await entryOf(delegate, 'A.b', 'prevention', 'SOM-ED').locator('.editable').click();
	const editor = delegate.getByRole('textbox', { name: 'Text of this SOM-ED entry' });
	await editor.fill(`${await editor.inputValue()} (with teacher unions)`);
	await editor.press('Control+Enter');
	await expect(entryOf(chair, 'A.b', 'prevention', 'SOM-ED')).toContainText('(with teacher unions)');

	// Ending saves a version and opens the draft minutes.
	await banner(chair).getByRole('button', { name: 'End meeting' }).click();
	const confirmEnd = chair.getByRole('dialog', { name: 'End “SOMTC WG 12”?' });
	await expect(confirmEnd).toContainText('saved as a named version');
	await confirmEnd.getByRole('button', { name: 'End meeting' }).click();
	await expect(chair.getByRole('heading', { level: 1 })).toHaveText('Draft minutes: SOMTC WG 12');
	await expect(chair.getByText(/^SOMTC WG 12 — \d+ \w+ \d{4}$/)).toBeVisible();
	const item = chair.getByRole('region', { name: '1. A.b' });
	await expect(item.getByRole('list', { name: 'Changes during the meeting' })).toContainText('SOM-ED Delegate (SOM-ED) edited an entry of SOM-ED in Prevention');
	await expect(item.getByRole('list', { name: 'Changes during the meeting' })).toContainText('(with teacher unions)');
	await expect(item.getByRole('list', { name: 'Decisions' })).toContainText('Agreed SOM-ED, Training/Capacity Building');
	await expect(chair.getByRole('region', { name: '2. D.e' }).getByText('No changes.')).toBeVisible();

	const markdown = await chair.request.get(await chair.getByRole('link', { name: 'Markdown (.md)' }).getAttribute('href') ?? '');
	expect(markdown.headers()['content-type']).toContain('text/markdown');
	const md = await markdown.text();
	expect(md).toContain('# Draft minutes: SOMTC WG 12');
	expect(md).toMatch(/- \d\d:\d\d — SOM-ED Delegate \(SOM-ED\) edited an entry of SOM-ED in Prevention \(added “\(with teacher unions\)”\): “.+\(with teacher unions\)”/);
	expect(md).toContain('- Agreed: SOM-ED, Training/Capacity Building');
	const docx = await chair.request.get(await chair.getByRole('link', { name: 'Word (.docx)' }).getAttribute('href') ?? '');
	expect(docx.status()).toBe(200);
	expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');

	// The delegate's banner goes away with the meeting, and says the minutes are ready; the meeting is listed with its version.
	await expect(banner(delegate)).toHaveCount(0, { timeout: 10_000 });
	const ended = delegate.getByRole('status', { name: 'Meeting ended' });
	await expect(ended).toContainText('SOMTC WG 12 — the draft minutes are ready.');
	await ended.getByRole('link', { name: 'Read the minutes' }).click();
	await expect(delegate.getByRole('heading', { level: 1 })).toHaveText('Draft minutes: SOMTC WG 12');
	await chair.getByRole('link', { name: 'All meetings' }).click();
	await expect(chair.getByRole('link', { name: 'SOMTC WG 12', exact: true })).toBeVisible();
	await chair.context().close();
	await delegate.context().close();
});
