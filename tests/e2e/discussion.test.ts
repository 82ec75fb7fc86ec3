import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Discussion' });
const bellOf = (page: Page) => page.getByRole('button', { name: /^Notifications/ });

test('a mention notifies the mentioned body’s delegate, who lands on the discussion and replies', async ({ openBoardAs }) => {
	test.slow(); // two people, a dozen round trips
	const chair = await openBoardAs(DEMO.chair);
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));

	// The chair starts a thread on A.a × Institutional Development, mentioning SOM-ED.
	await cell(chair, 'A.a', 'institutional').click({ position: { x: 5, y: 5 } });
	await chair.getByRole('button', { name: 'Discussion' }).click();
	const chairPanel = panelOf(chair);
	await expect(chairPanel).toContainText('A.a · Institutional Development');
	await chairPanel.getByRole('textbox', { name: 'New comment on A.a · Institutional Development' }).fill('@SOM-ED please review');
	await chairPanel.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(chairPanel.getByRole('article')).toContainText('@SOM-ED please review');

	// The SOM-ED delegate gets a notification, and the cell an unread badge.
	await expect(bellOf(somEd)).toHaveAccessibleName(/^Notifications\s*1 unread$/);
	const badge = cell(somEd, 'A.a', 'institutional').locator('[data-comment-badge]');
	await expect(badge).toContainText('1 new');
	await bellOf(somEd).click();
	await somEd.getByRole('link', { name: /Chris Chair \(SOMTC\) mentioned SOM-ED/ }).click();

	// The link opens the cell's discussion, the mentioned comment in view.
	await expect(somEd).toHaveURL(/cell=A\.a%7Cinstitutional&discussion=\d+/);
	const panel = panelOf(somEd);
	await expect(panel).toContainText('A.a · Institutional Development');
	await expect(panel.locator('.comment.highlight')).toContainText('@SOM-ED please review');
	await panel.getByRole('button', { name: 'Reply', exact: true }).click();
	await panel.getByRole('textbox', { name: 'Reply to Chris Chair (SOMTC)' }).fill('We will, @Chris Chair (SOMTC): a regional workshop.');
	await panel.getByRole('button', { name: 'Reply', exact: true }).click();
	await expect(panel.getByRole('article')).toContainText('a regional workshop');

	// Read: the badge shows the count only, the bell nothing unread.
	await expect(badge).toHaveText(/^\s*2 comments$/);
	await expect(bellOf(somEd)).toHaveAccessibleName(/^Notifications$/);

	// The chair sees the reply without reloading and is notified of it (looking at
	// the thread as the reply arrived, they may have read it already: unread or not).
	await expect(chairPanel.getByRole('article')).toContainText('a regional workshop');
	await bellOf(chair).click();
	await expect(chair.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'a regional workshop' })).toBeVisible();
	await bellOf(chair).click();

	// The chair resolves the thread.
	await chairPanel.getByRole('button', { name: 'Resolve' }).click();
	await expect(chairPanel.getByText('1 resolved thread')).toBeVisible();

	// The cell's history tells the discussion too, in words, among its changes.
	await chairPanel.getByRole('button', { name: 'Close the discussion' }).click();
	await chair.getByRole('button', { name: 'History', exact: true }).click();
	const history = chair.getByRole('complementary', { name: 'History' }).getByRole('list', { name: 'Changes, newest first' });
	await expect(history.getByRole('listitem').filter({ hasText: 'Chris Chair (SOMTC) commented: @SOM-ED please review' })).toBeVisible();
	await expect(history.getByRole('listitem').filter({ hasText: 'replied: We will' })).toBeVisible();
	await expect(history.getByRole('listitem').first()).toContainText('Chris Chair (SOMTC) resolved the thread: @SOM-ED please review');
	await chair.context().close();
	await somEd.context().close();
});

test('observers read the discussion and comment only once the secretariat allows it', async ({ openBoardAs }) => {
	const observer = await openBoardAs(DEMO.observer, '?cell=B.a%7Cresearch&discussion=open');
	const panel = panelOf(observer);
	await expect(panel).toContainText('B.a · Research Development');
	await expect(panel).toContainText('the secretariat has not opened it to them');
	await expect(panel.getByRole('textbox')).toHaveCount(0);

	const secretariat = await openBoardAs(DEMO.secretariat, '?cell=B.a%7Cresearch&discussion=open');
	await panelOf(secretariat).getByLabel('Observers may comment on this board').check();

	await observer.reload();
	await expect(panel.getByRole('textbox', { name: 'New comment on B.a · Research Development' })).toBeVisible();
	await panel.getByRole('textbox', { name: 'New comment on B.a · Research Development' }).fill('A question from an observer');
	await panel.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(panelOf(secretariat).getByRole('article')).toContainText('A question from an observer');
	await observer.context().close();
	await secretariat.context().close();
});
