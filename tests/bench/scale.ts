// Benchmark 3: a board ten times the APA board (440 provisions, 5,000
// entries) in the real app: first render in Chromium, filter response,
// export time.
import { chromium, type Page } from '@playwright/test';
import { readBoard } from '../../src/lib/board/view';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext } from '../../src/lib/server/app-context';
import { SESSION_COOKIE } from '../../src/lib/server/identity/auth';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium';
import { removeDataDir, signIn, tempDataDir, testConfig } from '../helpers/collab-server';
import { syntheticDocs } from '../helpers/synthetic-board';
import { freePort, startApp } from './lib/app';
import { loadAverage } from './lib/machine';
import { markdownTable, provenance, textTable, writeSection } from './lib/report';
import { fmt, median } from './lib/stats';

const BOARD = 'apa-x10';
const GRID_TARGET_MS = 2000;
const FILTER_TARGET_MS = 100;
const EXPORT_FORMATS = ['csv', 'json', 'xlsx', 'docx', 'pdf'] as const;

interface Render {
	gridMs: number;
	hydratedMs: number;
	liveMs: number;
	/** Rows of the grid (provisions, part headings and the column header), from aria-rowcount. */
	rows: number;
	/** Provision rows in the DOM: a big board renders only those near the view. */
	rendered: number;
}

async function firstRender(page: Page, url: string): Promise<Render> {
	page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
	page.on('console', (m) => m.type() === 'error' && console.error(`[page console] ${m.text()}`));
	const started = performance.now();
	await page.goto(url, { waitUntil: 'commit' });
	const grid = page.locator('table[role="grid"]');
	await grid.waitFor({ state: 'visible', timeout: 60_000 });
	const gridMs = performance.now() - started;
	await page.locator('html[data-hydrated]').waitFor({ timeout: 60_000 });
	const hydratedMs = performance.now() - started;
	await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
	const liveMs = performance.now() - started;
	return {
		gridMs,
		hydratedMs,
		liveMs,
		rows: Number(await grid.getAttribute('aria-rowcount')),
		rendered: await page.locator('tr[data-provision]').count()
	};
}

/**
 * In-page code, as a string: tsx's transform would add helpers (`__name`) to a
 * function passed to page.evaluate that do not exist in the page. Picks
 * `body` (or All, for '') in the Body filter and measures until the grid
 * shows only that body's entries (or all of them again) and the next frame
 * is painted.
 */
const FILTER_IN_PAGE = `async ({ body }) => {
	const label = Array.from(document.querySelectorAll('form[role="search"] label')).find((l) => l.textContent.trim().startsWith('Body'));
	const select = label && label.querySelector('select');
	if (!select) throw new Error('no Body filter');
	function done() {
		const bodies = new Set(Array.from(document.querySelectorAll('[role="grid"] section[data-body]'), (s) => s.getAttribute('data-body')));
		return body ? bodies.size === 1 && bodies.has(body) : bodies.size > 1;
	}
	const started = performance.now();
	select.value = body;
	select.dispatchEvent(new Event('change', { bubbles: true }));
	await new Promise((resolve, reject) => {
		function check() {
			if (done()) resolve();
			else if (performance.now() > started + 10000) reject(new Error('filter timed out'));
			else requestAnimationFrame(check);
		}
		check();
	});
	await new Promise((resolve) => requestAnimationFrame(resolve));
	return performance.now() - started;
}`;

function filterResponse(page: Page, body: string): Promise<number> {
	return page.evaluate(`(${FILTER_IN_PAGE})(${JSON.stringify({ body })})`) as Promise<number>;
}

export async function runScale(runs = Number(process.env.BENCH_RUNS ?? 5)): Promise<{ markdown: string }> {
	const loadBefore = loadAverage();
	console.log(`\n== Scale: a 10× APA board in the real app, ${runs} runs`);
	const dataDir = tempDataDir();
	let app: Awaited<ReturnType<typeof startApp>> | undefined;
	const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
	try {
		const ctx = await prepareContext(testConfig(dataDir));
		const docs = syntheticDocs();
		const view = readBoard(docs);
		ctx.boards.create({ id: BOARD, title: view.title, asOf: view.asOf, createdBy: null }, docs);
		const token = signIn(ctx, { role: 'observer' }).token;
		await closeAppContext(ctx);
		setAppContext(undefined);
		console.log(`board: ${view.provisions.length} provisions, ${view.entries.length} entries; starting the app (builds first if needed)`);
		app = await startApp(dataDir, await freePort());
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.url }]);

		const renders: Render[] = [];
		for (let i = 0; i < runs; i++) {
			const page = await context.newPage();
			renders.push(await firstRender(page, `${app.url}/boards/${BOARD}`));
			await page.close();
		}
		const gridRows = view.provisions.length + view.parts.length + 1;
		if (renders.some((r) => r.rows !== gridRows || r.rendered === 0)) throw new Error(`the grid showed ${renders.map((r) => `${r.rendered} of ${r.rows}`)} rows, expected some of ${gridRows}`);

		// The server's part of the first render: the whole HTML document (rendered grid + data for hydration).
		const htmlMs: number[] = [];
		let htmlKiB = 0;
		for (let i = 0; i < runs; i++) {
			const started = performance.now();
			const res = await fetch(`${app.url}/boards/${BOARD}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
			const html = await res.text();
			if (!res.ok) throw new Error(`GET /boards/${BOARD}: HTTP ${res.status}`);
			htmlMs.push(performance.now() - started);
			htmlKiB = Buffer.byteLength(html) / 1024;
		}

		const page = await context.newPage();
		await firstRender(page, `${app.url}/boards/${BOARD}`);
		const filterMs: number[] = [];
		const clearMs: number[] = [];
		for (const body of ['DGICM', 'ACWC', 'SOMTC', 'SOM-ED', 'AICHR'].slice(0, Math.max(3, runs))) {
			filterMs.push(await filterResponse(page, body));
			clearMs.push(await filterResponse(page, ''));
		}
		await page.close();

		const exports: { format: string; ms: number; kib: number }[] = [];
		for (const format of EXPORT_FORMATS) {
			const times: number[] = [];
			let size = 0;
			for (let i = 0; i < Math.min(runs, 3); i++) {
				const started = performance.now();
				const res = await fetch(`${app.url}/api/boards/${BOARD}/export?format=${format}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
				const body = await res.arrayBuffer();
				if (!res.ok) throw new Error(`export ${format}: HTTP ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
				times.push(performance.now() - started);
				size = body.byteLength;
			}
			exports.push({ format, ms: median(times), kib: size / 1024 });
		}

		const grid = median(renders.map((r) => r.gridMs));
		const filter = median(filterMs);
		const headers = ['measure', 'median', 'min–max', 'target', 'met'];
		const range = (v: number[]) => `${fmt(Math.min(...v), 0)}–${fmt(Math.max(...v), 0)} ms`;
		const rows = [
			['page load → grid visible', `${fmt(grid, 0)} ms`, range(renders.map((r) => r.gridMs)), `< ${GRID_TARGET_MS} ms`, grid < GRID_TARGET_MS ? 'yes' : 'no'],
			[`server render: the page's HTML (${fmt(htmlKiB / 1024, 1)} MiB), fetched whole`, `${fmt(median(htmlMs), 0)} ms`, range(htmlMs), '–', '–'],
			['page load → hydrated (interactive)', `${fmt(median(renders.map((r) => r.hydratedMs)), 0)} ms`, range(renders.map((r) => r.hydratedMs)), '–', '–'],
			['page load → "Live" (synced over WebSocket)', `${fmt(median(renders.map((r) => r.liveMs)), 0)} ms`, range(renders.map((r) => r.liveMs)), '–', '–'],
			['filter by one body → grid repainted', `${fmt(filter, 0)} ms`, range(filterMs), `< ${FILTER_TARGET_MS} ms`, filter < FILTER_TARGET_MS ? 'yes' : 'no'],
			['clear the filter → every body back in view', `${fmt(median(clearMs), 0)} ms`, range(clearMs), '–', '–'],
			...exports.map((e) => [`export ${e.format} (${fmt(e.kib, 0)} KiB)`, `${fmt(e.ms, 0)} ms`, '', '–', '–'])
		];
		console.log(`\n${textTable(headers, rows)}`);
		const markdown = [
			provenance(loadBefore),
			`A board of ${view.provisions.length} provisions and ${view.entries.length.toLocaleString('en')} entries (tests/helpers/synthetic-board.ts: the 2016 texts spread over every body's document and every category, leads on a third of the cells, every fifth entry agreed), served by the production app (\`node server/start.js\`) and opened by a signed-in observer in headless Chromium (1440×900). Page load timings run from \`page.goto\` to the grid being visible (server-rendered), to hydration, and to the WebSocket being synced ("Live"); median of ${runs} page loads, the first of which also loads the board into the server. The server's share is the time to fetch the whole HTML document. The grid renders only the provision rows near the view once a board has more than 120 rows (here ${renders[0].rendered} of ${view.provisions.length} on first paint); the scroll bar keeps the whole board's height. The filter is timed inside the page, from choosing a body in the Body filter to the frame after the grid shows only that body's entries. Exports are \`GET /api/boards/${BOARD}/export?format=…\` over HTTP, the whole response, median of ${Math.min(runs, 3)}.`,
			markdownTable(headers, rows)
		].join('\n\n');
		writeSection('scale', markdown);
		return { markdown };
	} finally {
		await browser.close();
		await app?.stop();
		removeDataDir(dataDir);
	}
}
