import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { axeProblems, noSidewaysScroll, nothingEscapesScrollBoxes } from './a11y';
import { cell, createBoard, expect, test } from './fixtures';

// Phones, tablets, the keyboard and axe-core: the board a delegate uses in a meeting.

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };

/** A desktop-sized window, for the chair beside a phone. */
const DESKTOP = { width: 1440, height: 900 };

async function withinViewport(page: Page, locator: ReturnType<Page['locator']>) {
	const box = (await locator.boundingBox())!;
	const size = page.viewportSize()!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.y).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(size.width);
	expect(box.y + box.height).toBeLessThanOrEqual(size.height);
}

/** Adds an entry to a cell: focus lands on the new entry (not on <body>); then edits it. */
async function addAndEdit(page: Page, provision: string, category: string, text: string) {
	const target = cell(page, provision, category);
	await target.getByRole('button', { name: /^Add an activity/ }).click();
	await page.getByRole('textbox', { name: new RegExp(`^New activity under ${provision.replace('.', '\\.')}`) }).fill(text);
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.locator(':focus')).toHaveText(text);
	await target.locator('li', { hasText: text }).locator('.editable').click();
	const editor = page.getByRole('textbox', { name: 'Text of this SOM-ED entry' });
	await editor.fill(`${text}, 2027`);
	await editor.press('Control+Enter');
	await expect(target).toContainText(`${text}, 2027`);
}

/** The chair, at desktop size, starts a meeting on D.e; the follower's banner shows it. */
async function startMeeting(pageAs: (email: string, path?: string) => Promise<Page>, follower: Page, boardId: string, title: string) {
	const chair = await pageAs(DEMO.chair, `/boards/${boardId}/meetings`);
	await chair.setViewportSize(DESKTOP);
	await chair.getByLabel('Title').fill(title);
	await chair.getByLabel(/^Agenda/).fill('D.e');
	await chair.getByRole('button', { name: 'Start the meeting' }).click();
	const banner = follower.getByRole('region', { name: 'Meeting', exact: true });
	await expect(banner).toContainText('item 1 of 1: D.e', { timeout: 10_000 });
	return { chair, banner };
}

/** The chair ends the meeting; the follower's banner goes and says the minutes are ready. */
async function endMeeting(chair: Page, follower: Page, boardId: string, title: string) {
	await chair.goto(`/boards/${boardId}`);
	await chair.getByRole('region', { name: 'Meeting', exact: true }).getByRole('button', { name: 'End meeting' }).click();
	await chair.getByRole('dialog', { name: /^End / }).getByRole('button', { name: 'End meeting' }).click();
	await expect(chair.getByRole('heading', { level: 1 })).toHaveText(`Draft minutes: ${title}`);
	await expect(follower.getByRole('region', { name: 'Meeting', exact: true })).toHaveCount(0, { timeout: 10_000 });
	await expect(follower.getByRole('status', { name: 'Meeting ended' })).toContainText('the draft minutes are ready');
}

/** Opens each of the board's dialogs (as the secretariat, who has all) and checks it fits the window. */
async function dialogsFit(page: Page) {
	for (const [button, dialog] of [
		['Export', 'Export board'],
		['Legend & help', 'How this board works'],
		['Review uncertain', 'Review uncertain placements']
	]) {
		await page.getByRole('button', { name: button, exact: true }).click();
		const shown = page.getByRole('dialog', { name: dialog });
		await expect(shown).toBeVisible();
		await withinViewport(page, shown);
		await page.keyboard.press('Escape');
		await expect(shown).toBeHidden();
	}
}

/** The pages a person visits, none wider than the window. */
async function pagesFit(page: Page, secretariatPage: () => Promise<Page>) {
	for (const path of ['/', '/boards/apa-2016/coverage', '/boards/apa-2016/consolidation', '/boards/apa-2016/meetings', '/boards/apa-2016/versions', '/boards/apa-2016/versions/compare']) {
		await page.goto(path);
		await page.locator('html[data-hydrated]').waitFor();
		await nothingEscapesScrollBoxes(page);
		await noSidewaysScroll(page);
	}
	// The secretariat's own pages: the accounts table scrolls in its own box, not the page.
	const secretariat = await secretariatPage();
	for (const path of ['/admin/users', '/boards/import']) {
		await secretariat.goto(path);
		await secretariat.locator('html[data-hydrated]').waitFor();
		await noSidewaysScroll(secretariat);
	}
	// A version label may be 120 characters: its select on the versions and compare pages stays within the window.
	const size = secretariat.viewportSize()!.width;
	const boardId = await createBoard(secretariat, `Long version labels ${size}`);
	await secretariat.goto(`/boards/${boardId}/versions`);
	await secretariat.locator('html[data-hydrated]').waitFor();
	await secretariat.getByRole('textbox', { name: /^Save the board as it is now/ }).fill(`Agreed at the meeting of the working group ${'on trafficking in persons, '.repeat(4)}`.slice(0, 120));
	await secretariat.getByRole('button', { name: 'Save version' }).click();
	await expect(secretariat.getByRole('link', { name: /^Agreed at the meeting of the working group/ })).toBeVisible();
	await noSidewaysScroll(secretariat);
	// A change in the rightmost column: on a tablet its word diff lies beyond the window, inside the matrix's scroll box.
	await secretariat.goto(`/boards/${boardId}`);
	const prevention = cell(secretariat, 'A.a', 'prevention');
	await prevention.locator('.editable').first().click();
	const editor = secretariat.getByRole('textbox', { name: /^Text of this .+ entry$/ });
	await editor.press('End');
	await editor.pressSequentially(' (revised)');
	await editor.press('Control+Enter');
	await expect(prevention).toContainText('(revised)');
	await secretariat.goto(`/boards/${boardId}/versions/compare`);
	await secretariat.locator('html[data-hydrated]').waitFor();
	await expect(secretariat.locator('.matrix ins')).not.toHaveCount(0);
	await nothingEscapesScrollBoxes(secretariat);
	await noSidewaysScroll(secretariat);
}

test.describe('on a phone (390×844)', () => {
	test.use({ viewport: PHONE });

	test('a delegate reads the board as cards, adds and edits an entry, and follows a meeting', async ({ openBoardAs, pageAs }) => {
		test.setTimeout(90_000);
		const boardId = await createBoard(await pageAs(DEMO.secretariat), 'Phone board');

		const phone = await openBoardAs(DEMO.delegate('SOM-ED'), '', boardId);
		await noSidewaysScroll(phone);
		// The header folds: sign-out is in the menu.
		await expect(phone.getByRole('button', { name: 'Sign out everywhere' })).toBeHidden();
		await phone.getByRole('button', { name: 'Menu' }).click();
		await withinViewport(phone, phone.getByRole('button', { name: 'Sign out everywhere' }));
		await phone.getByRole('button', { name: 'Menu' }).click();

		// Each category of a provision is a full-width block of its card, with its name.
		const prevention = cell(phone, 'A.b', 'prevention');
		await prevention.scrollIntoViewIfNeeded();
		await expect(prevention.locator('.cell-label')).toHaveText('Prevention');
		const box = (await prevention.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);

		await addAndEdit(phone, 'C.a', 'research', 'Phone survey of school outreach');
		await noSidewaysScroll(phone);

		// The chair starts a meeting on D.e: the phone shows the banner and D.e as the first card.
		const { chair } = await startMeeting(pageAs, phone, boardId, 'Phone meeting');
		const firstCard = () =>
			phone
				.locator('tr[data-provision]')
				.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-provision'), r.getBoundingClientRect().top] as const).sort((a, b) => a[1] - b[1])[0][0]);
		await expect.poll(firstCard).toBe('D.e');
		await expect(phone.locator('tr[data-provision="D.e"]')).toBeInViewport();
		await noSidewaysScroll(phone);

		await endMeeting(chair, phone, boardId, 'Phone meeting');
		// After the meeting the cards are in the board's order again.
		await expect.poll(firstCard).toBe('A.a');
	});

	test('every dialog fits the screen; pages do not scroll sideways', async ({ openBoardAs, pageAs }) => {
		const phone = await openBoardAs(DEMO.secretariat);
		await dialogsFit(phone);
		await phone.getByRole('button', { name: 'Legend & help' }).click();
		await expect(phone.getByRole('dialog', { name: 'How this board works' })).toContainText('not clear exactly where this activity belongs');
		await phone.keyboard.press('Escape');
		await pagesFit(phone, () => pageAs(DEMO.secretariat));
	});
});

test.describe('on a tablet (1024×768)', () => {
	test.use({ viewport: TABLET });

	test('a delegate keeps the grid, adds and edits an entry and follows a meeting; dialogs and pages fit', async ({ openBoardAs, pageAs }) => {
		test.setTimeout(120_000);
		const boardId = await createBoard(await pageAs(DEMO.secretariat), 'Tablet board');
		const tablet = await openBoardAs(DEMO.delegate('SOM-ED'), '', boardId);
		// A tablet keeps the grid: the four categories side by side in one row.
		const row = ['institutional', 'research', 'training', 'prevention'].map((c) => cell(tablet, 'A.b', c));
		const tops = await Promise.all(row.map(async (c) => (await c.boundingBox())!.y));
		expect(new Set(tops.map(Math.round)).size).toBe(1);
		await noSidewaysScroll(tablet);
		await addAndEdit(tablet, 'C.a', 'research', 'Tablet survey of school outreach');

		const { chair } = await startMeeting(pageAs, tablet, boardId, 'Tablet meeting');
		await expect(tablet.locator('tr[data-provision="D.e"]')).toBeInViewport();
		await noSidewaysScroll(tablet);
		await endMeeting(chair, tablet, boardId, 'Tablet meeting');

		await dialogsFit(await openBoardAs(DEMO.secretariat));
		await pagesFit(tablet, () => pageAs(DEMO.secretariat));
	});

	test('the History and Discussion panels dock beside the grid and never cover the selected cell', async ({ openBoardAs }) => {
		test.setTimeout(60_000); // two panels on the full board, on a shared 2-core machine
		const tablet = await openBoardAs(DEMO.delegate('SOMTC'));
		const selected = cell(tablet, 'A.c', 'prevention');
		await selected.click({ position: { x: 5, y: 5 } });
		// The toggles by what they control: "Discussion" gains an unread count once others have commented.
		for (const panelId of ['#history-panel', '#discussion-panel'] as const) {
			const toggle = tablet.locator(`button[aria-controls="${panelId.slice(1)}"]`);
			await toggle.click();
			const panel = tablet.locator(panelId);
			await expect(panel).toBeVisible();
			await expect(selected).toBeInViewport();
			await expect
				.poll(async () => {
					const [a, b] = [(await selected.boundingBox())!, (await panel.boundingBox())!];
					return a.x + a.width <= b.x + 1;
				})
				.toBe(true);
			await toggle.click();
		}
	});
});

test('keyboard: a skip link reaches the grid, the grid is one Tab stop, focus follows an added entry', async ({ openBoardAs }) => {
	const page = await openBoardAs(DEMO.delegate('SOMTC'));
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Enter');
	const grid = page.getByRole('grid');
	await expect(grid.locator('[data-gridcell]:focus')).toHaveCount(1);
	// Arrows move inside; one Tab leaves the grid, Shift+Tab comes back to the same cell.
	await page.keyboard.press('ArrowRight');
	await expect(cell(page, 'A.a', 'institutional')).toBeFocused();
	await page.keyboard.press('Tab');
	expect(await grid.evaluate((g) => g.contains(document.activeElement))).toBe(false);
	await page.keyboard.press('Shift+Tab');
	await expect(cell(page, 'A.a', 'institutional')).toBeFocused();
	const stops = await grid.evaluate((g) => [...g.querySelectorAll<HTMLElement>('*')].filter((e) => e.tabIndex >= 0 && !e.closest('dialog')).length);
	expect(stops).toBe(1);

	// Enter goes in; "+ Add" by keyboard; after adding, focus is on the new entry.
	await page.keyboard.press('ArrowDown'); // A.b
	await page.keyboard.press('Enter');
	const add = cell(page, 'A.b', 'institutional').getByRole('button', { name: /^Add an activity/ });
	await add.focus();
	await page.keyboard.press('Enter');
	await page.keyboard.type('Keyboard-only activity');
	await page.keyboard.press('Control+Enter');
	await expect(page.locator(':focus')).toHaveText('Keyboard-only activity');
	// Tidy up: delete it through the in-app confirmation.
	const entry = cell(page, 'A.b', 'institutional').locator('li', { hasText: 'Keyboard-only activity' });
	await entry.getByRole('group').locator('summary').click();
	await entry.getByRole('button', { name: 'Delete…' }).click();
	const confirm = page.getByRole('dialog', { name: 'Delete this SOMTC entry?' });
	await expect(confirm).toContainText('Keyboard-only activity');
	await confirm.getByRole('button', { name: 'Delete entry' }).click();
	await expect(cell(page, 'A.b', 'institutional')).not.toContainText('Keyboard-only activity');
	await expect(page.locator('body')).not.toBeFocused();
});

/** The pages axe checks, each opened by the secretariat (who sees every control), but sign-in. */
const AXE_PAGES: [name: string, path: string][] = [
	['board list', '/'],
	['coverage', '/boards/apa-2016/coverage'],
	['meetings', '/boards/apa-2016/meetings'],
	['consolidation', '/boards/apa-2016/consolidation'],
	['versions', '/boards/apa-2016/versions'],
	['compare', '/boards/apa-2016/versions/compare'],
	['accounts', '/admin/users'],
	['import', '/boards/import']
];

for (const [size, viewport] of [
	['desktop', DESKTOP],
	['phone', PHONE]
] as const) {
	// One page per test, with time to spare: axe over the 117-entry board takes 40-55 s on a busy 2-core machine.
	test.describe(`axe-core finds no serious or critical problem (${size})`, () => {
		test.use({ viewport });
		test.describe.configure({ timeout: 120_000 });

	test('sign-in', async ({ page }) => {
			await page.goto('/login');
			await page.locator('html[data-hydrated]').waitFor();
			expect(await axeProblems(page)).toEqual([]);
		});

	test('board', async ({ openBoardAs }) => {
			const page = await openBoardAs(DEMO.secretariat);
			expect(await axeProblems(page)).toEqual([]);
		});

	test('board with a suggestion and a silence procedure, as the delegate who decides', async ({ pageAs, openBoardAs, apiAs }) => {
			const secretariat = await pageAs(DEMO.secretariat);
			const boardId = await createBoard(secretariat, `Negotiation ${size}`);
			await secretariat.context().close();
			const page = await openBoardAs(DEMO.delegate('SOMTC'), '', boardId);
			const entry = page.locator('td[data-cell="A.b|training"] section[data-body="SOMTC"] li').first();
			const id = await entry.getAttribute('data-entry');
			await (await apiAs(DEMO.delegate('SOM-ED'))).post(`/api/boards/${boardId}/suggestions`, { data: { kind: 'wording', entryId: id, text: 'Joint workshops with ministries of education' } });
			await (await apiAs(DEMO.chair)).post(`/api/boards/${boardId}/entries/${id}/procedure`, { data: { action: 'start', kind: 'silence', deadline: Date.now() + 3_600_000 } });
			await expect(page.getByRole('article', { name: /^Suggestion by/ })).toBeVisible({ timeout: 15_000 });
			await expect(entry.getByRole('button', { name: 'Object for SOMTC' })).toBeVisible();
			expect(await axeProblems(page)).toEqual([]);
		});

	test('board with History and then Discussion open', async ({ openBoardAs }) => {
			const page = await openBoardAs(DEMO.secretariat);
			await cell(page, 'A.a', 'prevention').click({ position: { x: 5, y: 5 } });
			await page.getByRole('button', { name: 'History', exact: true }).click();
			await expect(page.locator('#history-panel')).toBeVisible();
			expect(await axeProblems(page), 'History').toEqual([]);
			await page.getByRole('button', { name: 'History', exact: true }).click();
			await page.getByRole('button', { name: /^Discussion/ }).click();
			await expect(page.locator('#discussion-panel')).toBeVisible();
			expect(await axeProblems(page), 'Discussion').toEqual([]);
		});

	test('review queue open, and an entry\'s original lines of the 2016 matrix', async ({ openBoardAs }) => {
			const page = await openBoardAs(DEMO.secretariat);
			await page.getByRole('button', { name: 'Review uncertain' }).click();
			const review = page.getByRole('dialog', { name: 'Review uncertain placements' });
			await expect(review.getByText('In the 2016 matrix:')).toBeVisible();
			expect(await axeProblems(page, 'dialog.review'), 'review queue').toEqual([]);
			await review.getByRole('button', { name: 'Move…' }).click();
			expect(await axeProblems(page, 'dialog.review'), 'review queue, moving').toEqual([]);
			await page.keyboard.press('Escape');
			const flagged = cell(page, 'A.a', 'research').locator('li[data-entry]').filter({ hasText: 'Publication of an ASEAN Compendium' });
			await flagged.getByRole('button', { name: 'Uncertain: why?' }).click();
			await expect(flagged.getByText('In the 2016 matrix:')).toBeVisible();
			// The entry alone: scrolled down, the cell's lead control sits under the sticky header, which axe counts against its size.
			expect(await axeProblems(page, `li[data-entry="${await flagged.getAttribute('data-entry')}"]`), 'original lines').toEqual([]);
		});

		for (const [name, path] of AXE_PAGES) {
			test(name, async ({ pageAs }) => {
				const page = await pageAs(DEMO.secretariat, path);
				expect(await axeProblems(page)).toEqual([]);
			});
		}

		test('minutes of a meeting just ended', async ({ pageAs }) => {
			test.slow(); // a board, a meeting started and ended, then axe
			const follower = await pageAs(DEMO.secretariat);
			const title = `Axe minutes (${size})`;
			const boardId = await createBoard(follower, title);
			const { chair } = await startMeeting(pageAs, follower, boardId, title);
			await endMeeting(chair, follower, boardId, title);
			await chair.setViewportSize(viewport);
			expect(await axeProblems(chair)).toEqual([]);
		});
	});
}
