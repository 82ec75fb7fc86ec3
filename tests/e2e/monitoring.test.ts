import type { Page } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';
import { axeProblems, noSidewaysScroll } from './a11y';
import { cell, createBoard, expect, test } from './fixtures';

// Issue 17's "show that it holds": two SOM-ED delegates fill their report
// together and submit it; the secretariat returns it with a comment; they fix
// and resubmit it; it is approved and locked; the dashboard and the export show it.

test.describe.configure({ timeout: 180_000 });

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The secretariat's new SOM-ED delegate, signed in through the invite link in a context of its own. */
async function secondSomEdDelegate(secretariat: Page, browser: import('@playwright/test').Browser): Promise<Page> {
	await secretariat.goto('/admin/users');
	await secretariat.locator('html[data-hydrated]').waitFor();
	const email = `eddie-${Date.now()}@som-ed.example`;
	await secretariat.getByLabel('Name').fill('Eddie Second');
	await secretariat.getByLabel('Email').fill(email);
	await secretariat.getByLabel('Role').selectOption('delegate');
	await secretariat.getByLabel('Sectoral body').selectOption('SOM-ED');
	await secretariat.getByRole('button', { name: 'Create and get invite link' }).click();
	const link = (await secretariat.locator('.link code').textContent())!.trim();
	const page = await (await browser.newContext()).newPage();
	await page.goto(link);
	await page.getByLabel('New password').fill('som-ed second delegate');
	await page.getByLabel('Repeat it').fill('som-ed second delegate');
	await page.getByRole('button', { name: 'Set password and sign in' }).click();
	await expect(page.getByText('Delegate · SOM-ED')).toBeVisible();
	return page;
}

const activity = (page: Page) => page.getByRole('article').first();

test('two SOM-ED delegates report together; returned, fixed, resubmitted, approved and locked; dashboard and export show it', async ({ browser, page, signInAs, pageAs }) => {
	await signInAs(page, DEMO.secretariat);
	const boardId = await createBoard(page, 'Monitoring walk');
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	// Agreement is what makes an entry an activity to report on.
	const entry = cell(page, 'A.b', 'training').locator('section[data-body="SOM-ED"] li').first();
	const activityText = (await entry.locator('.editable').first().textContent())!.trim();
	await entry.locator('summary').click();
	await entry.getByRole('button', { name: 'Record agreement' }).click();
	await expect(entry.locator('.status')).toHaveText('Agreed');

	await page.goto(`/boards/${boardId}/reports`);
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Name').fill('2026');
	await page.getByLabel('Window opens').fill(day(-10));
	await page.getByLabel('Window closes').fill(day(10));
	await page.getByRole('button', { name: 'Open the period' }).click();
	await expect(page.getByRole('heading', { name: '2026' })).toBeVisible();
	const reportHref = await page.getByRole('link', { name: 'SOM-ED report' }).getAttribute('href');

	const edna = await pageAs(DEMO.delegate('SOM-ED'), reportHref!);
	const eddie = await secondSomEdDelegate(page, browser);
	await eddie.goto(reportHref!);
	await eddie.locator('html[data-hydrated]').waitFor();
	for (const p of [edna, eddie]) await expect(activity(p)).toContainText(activityText.slice(0, 30));

	// Together, live: one sets the status, the other writes the narrative.
	await activity(edna).getByLabel('Status').selectOption('ongoing');
	await expect(activity(eddie).getByLabel('Status')).toHaveValue('ongoing');
	await activity(eddie).getByLabel('Narrative: what was done, what is next').fill('Two regional workshops held with 80 teachers.');
	await expect(activity(edna).getByLabel('Narrative: what was done, what is next')).toHaveValue('Two regional workshops held with 80 teachers.');
	await activity(edna).getByLabel('Target').fill('200');
	await activity(edna).getByLabel('Target').blur();
	await expect(activity(eddie).getByLabel('Target')).toHaveValue('200');

	await edna.getByRole('button', { name: 'Submit the report' }).click();
	await edna.getByRole('dialog').getByRole('button', { name: 'Submit the report' }).click();
	for (const p of [edna, eddie]) {
		await expect(p.locator('.state')).toContainText('Submitted');
		await expect(activity(p).getByLabel('Status')).toBeDisabled();
	}

	// The secretariat returns it with a comment.
	await page.goto(reportHref!);
	await page.locator('html[data-hydrated]').waitFor();
	await page.screenshot({ path: 'test-results/report-submitted.png', fullPage: true });
	// Each activity's history says who changed which field, from what to what, among the report's steps.
	const changes = activity(page).locator('details.history');
	await changes.locator('summary').click();
	const narrativeChange = changes.getByRole('listitem').filter({ hasText: 'Narrative:' });
	await expect(narrativeChange).toContainText('Eddie Second');
	await expect(narrativeChange).toContainText('Two regional workshops');
	const statusChange = changes.getByRole('listitem').filter({ hasText: 'Status:' });
	await expect(statusChange).toContainText('SOM-ED Delegate');
	await expect(statusChange).toContainText('Not started');
	await expect(statusChange).toContainText('Ongoing');
	await expect(changes.locator('[data-report-step="submitted"]')).toContainText('SOM-ED Delegate');
	await page.getByLabel('Comment for SOM-ED').fill('Is the activity completed? Add the evidence.');
	await page.getByRole('button', { name: 'Return with this comment' }).click();
	await expect(page.locator('.state')).toContainText('Returned for changes');
	for (const p of [edna, eddie]) await expect(p.getByRole('region', { name: /^Returned by/ })).toContainText('Is the activity completed?');

	// The chair watches the dashboard while they fix it: it follows the report live.
	const chair = await pageAs(DEMO.chair, `/boards/${boardId}/monitoring`);
	const bodyTable = chair.getByRole('region', { name: '2026: activities by state, by body, as a table' });
	const somEdRow = bodyTable.getByRole('row', { name: /^SOM-ED/ });
	await expect(somEdRow.getByRole('cell').nth(1)).toHaveText('1'); // ongoing
	await expect(chair.getByText('live', { exact: false }).first()).toBeVisible();

	// They fix it and resubmit.
	await activity(eddie).getByLabel('Status').selectOption('completed');
	await activity(edna).getByLabel('Evidence: links, one per line').fill('https://example.org/workshops.pdf');
	await activity(edna).getByLabel('Evidence: links, one per line').blur();
	await expect(activity(eddie).getByRole('link', { name: 'https://example.org/workshops.pdf' })).toBeVisible();
	await expect(activity(edna).getByLabel('Status')).toHaveValue('completed');
	await expect(somEdRow.getByRole('cell').nth(2)).toHaveText('1'); // completed, without a reload
	await expect(somEdRow.getByRole('cell').nth(1)).toHaveText('0');
	await eddie.getByRole('button', { name: 'Resubmit the report' }).click();
	await eddie.getByRole('dialog').getByRole('button', { name: 'Submit the report' }).click();
	await expect(eddie.locator('.state')).toContainText('Submitted');

	// Approved: locked for everyone.
	await page.reload();
	await page.getByRole('button', { name: 'Approve' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Approve and lock' }).click();
	await expect(page.locator('.state')).toContainText('Approved');
	for (const p of [edna, eddie, page]) await expect(activity(p).getByLabel('Status')).toBeDisabled();
	await expect(edna.getByText('This report is approved and locked.')).toBeVisible();
	const history = page.getByRole('region', { name: 'History' });
	for (const step of ['Submitted by', 'Returned by Sam', 'Resubmitted by Eddie Second', 'Approved by']) await expect(history).toContainText(step);

	// The dashboard and its figures show the approved report.
	await chair.reload();
	await expect(somEdRow.getByRole('cell').nth(2)).toHaveText('1');
	await expect(chair.getByRole('region', { name: 'Never reported' })).not.toContainText(activityText.slice(0, 30));
	const csv = await (await chair.request.get(`/boards/${boardId}/monitoring/figures.csv`)).text();
	expect(csv).toContain('2026,body,SOM-ED,0,0,1,0,0,100');

	// The matrix with each activity's progress in 2026, in the board exports' layout.
	const periodId = reportHref!.split('/').at(-2);
	const docx = await chair.request.get(`/api/boards/${boardId}/export?format=docx&progress=${periodId}`);
	expect(docx.ok()).toBe(true);
	const words = textOf((await zipPart(await docx.body(), 'word/document.xml'))!, 'w:t');
	expect(words).toContain('Progress 2026: Completed — Two regional workshops held with 80 teachers.');
	const pdf = await chair.request.get(`/api/boards/${boardId}/export?format=pdf&progress=${periodId}`);
	expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
	const xlsx = await chair.request.get(`/boards/${boardId}/reports/reports.xlsx`);
	const rows = await sheetRows(await xlsx.body(), 'Reports');
	expect(rows[1].cells).toMatchObject({ A: '2026', B: 'SOM-ED', C: 'Approved', G: 'Completed', K: 'https://example.org/workshops.pdf' });

	// The coverage view shows the progress layer on demand.
	await chair.goto(`/boards/${boardId}/coverage`);
	await chair.locator('html[data-hydrated]').waitFor();
	await chair.getByText('Show the progress of a reporting period').click();
	const byPart = chair.getByRole('region', { name: '2026: agreed activities by state, per part, as a table' });
	await expect(byPart.getByRole('row', { name: /^A\./ }).getByRole('cell').nth(2)).toHaveText('1');
	await chair.goto(`/boards/${boardId}/monitoring`);
	await chair.locator('html[data-hydrated]').waitFor();

	// Accessible and usable on a desktop and on a phone.
	for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
		for (const p of [chair, edna, page]) {
			await p.setViewportSize(size);
			await noSidewaysScroll(p);
			expect(await axeProblems(p), `${p.url()} at ${size.width}px`).toEqual([]);
		}
	}
	await edna.screenshot({ path: 'test-results/report-phone.png', fullPage: true });
	await chair.screenshot({ path: 'test-results/dashboard-phone.png', fullPage: true });
	await eddie.context().close();
});

test('the reporting API answers per role: periods by the secretariat, steps by the body and the secretariat', async ({ apiAs }) => {
	const [secretariat, somEd, somtc, observer] = await Promise.all([DEMO.secretariat, DEMO.delegate('SOM-ED'), DEMO.delegate('SOMTC'), DEMO.observer].map((e) => apiAs(e)));
	const periods = '/api/boards/apa-2016/periods';
	const body = { label: `API ${Date.now()}`, opensOn: day(-1), closesOn: day(1) };
	for (const who of [somEd, observer]) expect((await who.post(periods, { data: body })).status()).toBe(403);
	expect((await secretariat.post(periods, { data: { ...body, closesOn: day(-5) } })).status()).toBe(400);
	const created = await secretariat.post(periods, { data: body });
	expect(created.status()).toBe(201);
	const { period } = await created.json();
	expect((await secretariat.post(periods, { data: body })).status()).toBe(409);
	expect((await observer.get(periods)).ok()).toBe(true);

	const report = `${periods}/${period.id}/reports/SOM-ED`;
	expect((await somtc.post(report, { data: { action: 'submit' } })).status()).toBe(403);
	expect((await somEd.post(report, { data: { action: 'approve' } })).status()).toBe(403);
	expect((await somEd.post(report, { data: { action: 'submit' } })).status()).toBe(200);
	expect((await somEd.post(report, { data: { action: 'submit' } })).status()).toBe(409);
	expect((await secretariat.post(report, { data: { action: 'return' } })).status()).toBe(400);
	expect((await secretariat.post(report, { data: { action: 'return', comment: 'More detail, please.' } })).status()).toBe(200);
	const { report: state, events } = await (await observer.get(report)).json();
	expect(state.status).toBe('returned');
	expect(events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'returned']);
	expect((await somEd.post(`${periods}/${period.id}`, { data: { action: 'lock' } })).status()).toBe(403);
	expect((await secretariat.post(`${periods}/${period.id}`, { data: { action: 'lock' } })).status()).toBe(200);
	expect((await somEd.post(report, { data: { action: 'submit' } })).status()).toBe(409);
	expect((await somEd.get(`/api/boards/apa-2016/export?format=csv&progress=${period.id}`)).status()).toBe(400);
});
