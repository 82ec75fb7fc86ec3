import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DEMO } from '../helpers/demo';
import { createBoard, expect, test } from './fixtures';

test('the secretariat exports the board as xlsx and csv from the Export dialog, after the pre-export check', async ({ pageAs }) => {
	test.slow(); // two downloads, each parsed
	const page = await pageAs(DEMO.secretariat);
	// A board of its own, in the seeded 2016 state: other tests edit the shared APA board.
	const id = await createBoard(page, 'Export check');
	await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await page.getByRole('button', { name: 'Export' }).click();
	const dialog = page.getByRole('dialog', { name: 'Export board' });
	await expect(dialog).toBeVisible();

	// The pre-export check of the seeded board: listed, never blocking.
	await expect(dialog.getByRole('heading', { name: 'Before publishing' })).toBeVisible();
	await expect(dialog.getByText('24 provisions with no entries')).toBeVisible();
	await expect(dialog.getByText('79 entries still marked uncertain')).toBeVisible();
	await expect(dialog.getByText('115 entries still proposed (not agreed)')).toBeVisible();
	await expect(dialog.getByText('2 bodies with no entries')).toBeVisible();
	await dialog.getByText('2 bodies with no entries').click();
	await expect(dialog.getByText('SOM-MLAT', { exact: true })).toBeVisible();

	// xlsx (the default format).
	const [xlsx] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download XLSX' }).click()]);
	expect(xlsx.suggestedFilename()).toBe(`${id}-2016-05-31.xlsx`);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
	const matrix = wb.getWorksheet('Matrix')!;
	expect(matrix.getCell('A1').value).toBe('Export check');
	expect(matrix.getRow(3).values).toEqual([
		undefined,
		'Provision',
		'Institutional Development',
		'Research Development',
		'Training/Capacity Building',
		'Prevention',
		'Sectoral Body / Organ'
	]);
	expect(wb.getWorksheet('Entries')!.rowCount).toBe(116);
	await expect(dialog.getByRole('status')).toContainText(`Downloaded ${id}-2016-05-31.xlsx`);

	// csv.
	await dialog.getByRole('radio', { name: /^CSV/ }).check();
	const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
	expect(csv.suggestedFilename()).toBe(`${id}-2016-05-31.csv`);
	const text = readFileSync((await csv.path())!, 'utf8');
	expect(text.startsWith('\uFEFFProvision ref,Provision,Category,Body,Lead,Status,Text,Uncertain,Subsidiary,Note\r\n')).toBe(true);
	expect(text).toContain(',Prevention,DGICM,no,proposed,Include activities like Lost & Stolen Passport (LSP) Online Enquiry Facility');

	// The endpoint names the types.
	const res = await page.request.get(`/api/boards/${id}/export?format=pdf`);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect(res.headers()['content-disposition']).toContain(`filename="${id}-2016-05-31.pdf"`);
	await page.context().close();
});

test('an observer may export; an unknown version is a clear 404', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.observer);
	const ok = await page.request.get('/api/boards/apa-2016/export?format=json');
	expect(ok.status()).toBe(200);
	expect(ok.headers()['content-type']).toContain('application/json');
	expect((await ok.json()).board.id).toBe('apa-2016');
	const missing = await page.request.get('/api/boards/apa-2016/export?format=json&version=Nope');
	expect(missing.status()).toBe(404);
	expect((await missing.json()).message).toBe('No version named “Nope” on this board.');
	const bad = await page.request.get('/api/boards/apa-2016/export?format=odt');
	expect(bad.status()).toBe(400);
	// Importing is for the secretariat only.
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Import a board' })).toHaveCount(0);
	const importPage = await page.goto('/boards/import');
	expect(importPage?.status()).toBe(403);
});

test('the secretariat imports a JSON export as a new board after a preview', async ({ page, signInAs }) => {
	await signInAs(page, DEMO.secretariat);
	const id = await createBoard(page, 'Import source');
	const exported = await page.request.get(`/api/boards/${id}/export?format=json`);
	await page.goto('/');
	await page.getByRole('link', { name: 'Import a board' }).click();
	await page.locator('html[data-hydrated]').waitFor();

	// A file that is not JSON: a clear message, nothing created.
	await page.getByLabel('File (.json, .csv or .xlsx)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('alert')).toContainText('This file is not valid JSON');

	await page.getByLabel('File (.json, .csv or .xlsx)').setInputFiles({ name: 'matrix.json', mimeType: 'application/json', buffer: await exported.body() });
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('heading', { name: 'Preview of matrix.json' })).toBeVisible();
	await expect(page.getByText('Every row of the file can be placed.')).toBeVisible();
	await expect(page.getByText('115 (79 marked uncertain)')).toBeVisible();

	await page.getByLabel('Title of the new board').fill('Imported copy of the 2016 matrix');
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page).toHaveURL(/\/boards\/imported-copy-of-the-2016-matrix$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imported copy of the 2016 matrix');
	await expect(page.getByText('44 provisions · 115 entries')).toBeVisible();
});
