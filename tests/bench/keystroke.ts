// Benchmark 7: what a delegate feels when typing. In headless Chromium on
// the production app, a SOMTC delegate types into an entry while another
// SOMTC delegate's tab shows it: a local keystroke → painted in the typing
// tab, and a keystroke → visible in the other tab (one clock: both pages'
// `performance.timeOrigin + now()` on this machine, detection inside the
// page), on the APA board and the 10× board, quiet and with 20 other
// delegates typing 5 keys/s each into their own entries.
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { readBoard } from '../../src/lib/board/view';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext } from '../../src/lib/server/app-context';
import { SESSION_COOKIE } from '../../src/lib/server/identity/auth';
import { addEntry, appendText } from '../helpers/board-edits';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium';
import { connectClient, SEEDED_BODIES, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, signIn, tempDataDir, testConfig } from '../helpers/collab-server';
import { syntheticDocs } from '../helpers/synthetic-board';
import { waitFor } from '../helpers/wait';
import { freePort, startApp } from './lib/app';
import { loadAverage } from './lib/machine';
import { markdownTable, provenance, textTable, writeSection } from './lib/report';
import { fmt, percentile } from './lib/stats';

const BOARDS = [
	{ id: APA_BOARD, name: 'APA board' },
	{ id: 'apa-x10', name: '10× board' }
] as const;
/** Targets of issue 15 (p95, ms), quiet and in the busy meeting. */
const TARGETS = { quiet: { local: 25, remote: 60 }, busy: { local: 50, remote: 120 } } as const;
type Condition = keyof typeof TARGETS;

export interface KeystrokeOptions {
	samples: number;
	typists: number;
	keysPerSecond: number;
	/** Pause between two measured keystrokes, ms. */
	pauseMs: number;
	/** Only these boards (ids, BENCH_KEY_BOARDS=apa-x10); all when absent. */
	boards?: string[];
}

export function keystrokeOptionsFromEnv(env = process.env): KeystrokeOptions {
	return {
		samples: Number(env.BENCH_KEYS ?? 40),
		typists: Number(env.BENCH_TYPISTS ?? 20),
		keysPerSecond: Number(env.BENCH_TYPIST_RATE ?? 5),
		pauseMs: Number(env.BENCH_KEY_PAUSE_MS ?? 150),
		boards: env.BENCH_KEY_BOARDS?.split(',')
	};
}

interface Figures {
	board: string;
	condition: Condition;
	local: number[];
	remote: number[];
	/** Share of wall time the receiving tab's main thread spent in tasks while the samples were taken. */
	busyShare: number;
	/** Main-thread task time per measured keystroke, ms: the typing tab's and the receiving tab's (less sensitive to a loaded machine than the latencies). */
	typingCpu: number;
	receivingCpu: number;
}

async function boardPage(browser: Browser, url: string, token: string, boardId: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url }]);
	// tsx (esbuild's keepNames) wraps named functions in `__name(…)`: define it for the functions evaluated in the page.
	await context.addInitScript('globalThis.__name = (fn) => fn;');
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
	await page.goto(`${url}/boards/${boardId}`);
	await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 120_000 });
	return page;
}

/** In the typing tab: each keydown's time, and the time after the frame that followed it was painted. */
function recordLocalPaints(): void {
	const w = window as unknown as { __keys: { down: number; painted: number }[] };
	w.__keys = [];
	window.addEventListener(
		'keydown',
		(e) => {
			const down = performance.timeOrigin + e.timeStamp;
			// After the keystroke's handlers and the effects they scheduled: the next frame, then the task after its paint.
			requestAnimationFrame(() => setTimeout(() => w.__keys.push({ down, painted: performance.timeOrigin + performance.now() }), 0));
		},
		{ capture: true }
	);
}

/** In the watching tab: resolves with the time the entry's text first ends with `typed`. */
function seenAt([entryId, typed]: [string, string]): Promise<number> {
	const text = () => document.querySelector(`li[data-entry="${CSS.escape(entryId)}"] .text`)?.textContent ?? '';
	return new Promise((resolve) => {
		if (text().endsWith(typed)) return resolve(performance.timeOrigin + performance.now());
		const cell = document.querySelector(`li[data-entry="${CSS.escape(entryId)}"]`)?.closest('td') ?? document.body;
		const observer = new MutationObserver(() => {
			if (!text().endsWith(typed)) return;
			observer.disconnect();
			resolve(performance.timeOrigin + performance.now());
		});
		observer.observe(cell, { subtree: true, childList: true, characterData: true });
	});
}

let profiles = 0;

/**
 * With BENCH_KEY_PROFILE=1: a CPU profile of the watching tab during the busy samples (=typing: of the typing tab
 * during the quiet samples); prints where its time went
 * (and with BENCH_KEY_PROFILE_OUT=<prefix>, writes it to <prefix>-<n>.cpuprofile for DevTools).
 */
async function profileTab(page: Page): Promise<() => Promise<void>> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.start');
	return async () => {
		const { profile } = await cdp.send('Profiler.stop');
		if (process.env.BENCH_KEY_PROFILE_OUT) writeFileSync(`${process.env.BENCH_KEY_PROFILE_OUT}-${++profiles}.cpuprofile`, JSON.stringify(profile));
		const self = new Map<string, number>();
		const deltas = new Map<number, number>();
		profile.samples?.forEach((id, i) => deltas.set(id, (deltas.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
		for (const node of profile.nodes) {
			const { functionName, url, lineNumber } = node.callFrame;
			const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
			self.set(key, (self.get(key) ?? 0) + (deltas.get(node.id) ?? 0) / 1000);
		}
		const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
		console.log('watching tab, self time (ms):\n' + top.map(([k, v]) => `${v.toFixed(0).padStart(7)}  ${k}`).join('\n'));
	};
}

/** From now until the returned function is called: the page's main-thread task time (s) and its share of the wall time. */
async function taskTime(page: Page): Promise<() => Promise<{ seconds: number; share: number }>> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const read = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
	const startTask = await read();
	const startWall = performance.now();
	return async () => {
		const seconds = (await read()) - startTask;
		return { seconds, share: seconds / ((performance.now() - startWall) / 1000) };
	};
}

/**
 * With BENCH_KEY_TRACE=quiet (or busy): a Chrome trace (devtools.timeline) of both tabs during the samples of `condition`; prints
 * each renderer main thread's time per keystroke by trace event (self time: script, style, layout, paint…).
 */
async function traceTabs(browser: Browser): Promise<(samples: number) => Promise<void>> {
	await browser.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
	return async (samples) => {
		const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
		const mains = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
		const byThread = new Map<string, TraceEvent[]>();
		for (const e of traceEvents) {
			const thread = `${e.pid}:${e.tid}`;
			if (e.ph !== 'X' || !mains.has(thread)) continue;
			const events = byThread.get(thread);
			if (events) events.push(e);
			else byThread.set(thread, [e]);
		}
		for (const [thread, events] of byThread) {
			const self = selfTimes(events);
			const total = self.get('RunTask') ?? 0;
			if (total < 1000) continue; // an idle renderer (another page)
			const keydown = events.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
			const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
			console.log(
				`${keydown ? 'typing' : 'watching'} tab (${thread}), main-thread self time per keystroke (ms):\n` +
					top.map(([name, us]) => `${(us / 1000 / samples).toFixed(2).padStart(8)}  ${name}`).join('\n')
			);
		}
	};
}

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	args?: { name?: string; data?: { type?: string } };
}

/** Self time (µs) by event name of one thread's complete events, which nest. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
	const self = new Map<string, number>();
	const stack: { end: number; name: string }[] = [];
	for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
		const dur = e.dur ?? 0;
		while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
		const parent = stack.at(-1);
		if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
		self.set(e.name, (self.get(e.name) ?? 0) + dur);
		stack.push({ end: e.ts + dur, name: e.name });
	}
	return self;
}

/** Other delegates typing into their own bodies' entries (one they add where their body has none), `keysPerSecond` each. */
async function startTypists(wsUrl: string, boardId: string, tokens: { token: string; body: string }[], keysPerSecond: number): Promise<() => void> {
	const clients: TestClient[] = tokens.map(({ token }) => connectClient(wsUrl, boardId, { token }));
	const timers: ReturnType<typeof setTimeout>[] = [];
	const stop = () => {
		timers.forEach(clearInterval);
		clients.forEach((c) => c.destroy());
	};
	try {
		// A loaded machine syncs twenty clients of the 10× board slowly.
		await waitFor(() => clients.every((c) => [...c.providers.values()].every((p) => p.synced)), { what: 'the typists to sync', timeout: 120_000 });
	} catch (e) {
		stop();
		throw e;
	}
	clients.forEach((client, i) => {
		const { body } = tokens[i];
		const id = readBoard(client.docs).entries.find((e) => e.body === body)?.id ?? addEntry(client.docs, 'Typed during the benchmark', { body });
		// Spread over the second so the board sees a steady stream, not bursts.
		timers.push(setTimeout(() => timers.push(setInterval(() => appendText(client.docs, id, 'x'), 1000 / keysPerSecond)), (i * 1000) / clients.length));
	});
	return stop;
}

async function measure(typer: Page, watcher: Page, entryId: string, condition: Condition, board: string, opts: KeystrokeOptions): Promise<Figures> {
	const alphabet = 'abcdefghij';
	let typed = '';
	const remote: number[] = [];
	await typer.evaluate(() => ((window as unknown as { __keys: unknown[] }).__keys = []));
	const traced = process.env.BENCH_KEY_TRACE === condition ? await traceTabs(typer.context().browser()!) : null;
	const receiving = await taskTime(watcher);
	const typing = await taskTime(typer);
	const profiled =
		condition === 'busy' && process.env.BENCH_KEY_PROFILE === '1' ? await profileTab(watcher) : condition === 'quiet' && process.env.BENCH_KEY_PROFILE === 'typing' ? await profileTab(typer) : null;
	for (let i = 0; i < opts.samples; i++) {
		const key = alphabet[i % alphabet.length];
		typed += key;
		const seen = watcher.evaluate(seenAt, [entryId, typed] as [string, string]);
		// Awaited below; a rejection before then must not end the process with the app still running.
		seen.catch(() => {});
		await typer.keyboard.press(key);
		const seenTime = await seen;
		await waitFor(async () => (await typer.evaluate(() => (window as unknown as { __keys: unknown[] }).__keys.length)) > i, { what: 'the local paint' });
		const down = await typer.evaluate((n) => (window as unknown as { __keys: { down: number }[] }).__keys[n].down, i);
		remote.push(seenTime - down);
		await new Promise((r) => setTimeout(r, opts.pauseMs));
	}
	const received = await receiving();
	const sent = await typing();
	await traced?.(opts.samples);
	await profiled?.();
	const local = (await typer.evaluate(() => (window as unknown as { __keys: { down: number; painted: number }[] }).__keys)).map((k) => k.painted - k.down);
	return { board, condition, local, remote, busyShare: received.share, typingCpu: (sent.seconds * 1000) / opts.samples, receivingCpu: (received.seconds * 1000) / opts.samples };
}

export async function runKeystroke(opts: KeystrokeOptions = keystrokeOptionsFromEnv()): Promise<{ markdown: string }> {
	const loadBefore = loadAverage();
	console.log(`\n== Keystroke latency in the browser: ${opts.samples} keystrokes per board and condition; busy = ${opts.typists} delegates typing ${opts.keysPerSecond} keys/s`);
	const dataDir = tempDataDir();
	const results: Figures[] = [];
	let app: Awaited<ReturnType<typeof startApp>> | undefined;
	let browser: Browser | undefined;
	try {
		const ctx = await prepareContext(testConfig(dataDir));
		const x10 = syntheticDocs();
		const x10View = readBoard(x10);
		ctx.boards.create({ id: 'apa-x10', title: x10View.title, asOf: x10View.asOf, createdBy: null }, x10);
		const typerToken = signIn(ctx, { role: 'delegate', body: 'SOMTC', name: 'Typing delegate' }).token;
		const watcherToken = signIn(ctx, { role: 'delegate', body: 'SOMTC', name: 'Watching delegate' }).token;
		// The other typists: two per body, SOMTC's entries left to the measured one.
		const others = SEEDED_BODIES.filter((b) => b !== 'SOMTC');
		const typists = Array.from({ length: opts.typists }, (_, i) => {
			const body = others[i % others.length];
			return { body, token: signIn(ctx, { role: 'delegate', body }).token };
		});
		await closeAppContext(ctx);
		setAppContext(undefined);
		app = await startApp(dataDir, await freePort());
		browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
		const wsUrl = `${app.url.replace(/^http/, 'ws')}/yjs`;
		for (const board of BOARDS.filter((b) => !opts.boards || opts.boards.includes(b.id))) {
			const typer = await boardPage(browser, app.url, typerToken, board.id);
			const watcher = await boardPage(browser, app.url, watcherToken, board.id);
			const entry = typer.locator(`section[data-body="SOMTC"] li[data-entry]`).first();
			const entryId = (await entry.getAttribute('data-entry'))!;
			await entry.locator('.editable').click();
			const editor = typer.getByRole('textbox', { name: 'Text of this SOMTC entry' });
			await editor.press('End');
			await typer.evaluate(recordLocalPaints);
			results.push(await measure(typer, watcher, entryId, 'quiet', board.name, opts));
			const stop = await startTypists(wsUrl, board.id, typists, opts.keysPerSecond);
			// Let the stream settle: every typist connected and typing.
			await new Promise((r) => setTimeout(r, 3000));
			try {
				results.push(await measure(typer, watcher, entryId, 'busy', board.name, opts));
			} finally {
				stop();
			}
			for (const f of results.slice(-2)) {
				console.log(
					`${f.board}, ${f.condition}: local p50 ${fmt(percentile(f.local, 50))} p95 ${fmt(percentile(f.local, 95))} ms; remote p50 ${fmt(percentile(f.remote, 50))} p95 ${fmt(percentile(f.remote, 95))} ms; receiving tab busy ${fmt(f.busyShare * 100, 0)} %; CPU per keystroke: typing tab ${fmt(f.typingCpu)} ms, receiving tab ${fmt(f.receivingCpu)} ms`
				);
			}
			await typer.context().close();
			await watcher.context().close();
		}
	} finally {
		await browser?.close();
		await app?.stop();
		removeDataDir(dataDir);
	}
	const markdown = report(results, opts, loadBefore, loadAverage());
	// Measuring some boards only is for looking closer: the section keeps the figures of a whole run.
	if (!opts.boards) writeSection('keystroke', markdown);
	return { markdown };
}

function report(results: Figures[], opts: KeystrokeOptions, loadBefore: string, loadAfter: string): string {
	const headers = ['board', 'condition', 'samples', 'local p50', 'local p95', 'remote p50', 'remote p95', 'receiving tab busy', 'CPU per keystroke (typing / receiving tab)', 'targets (p95 local / remote)', 'met'];
	const rows = results.map((f) => {
		const target = TARGETS[f.condition];
		const local95 = percentile(f.local, 95);
		const remote95 = percentile(f.remote, 95);
		return [
			f.board,
			f.condition === 'quiet' ? 'quiet' : `${opts.typists} others typing ${opts.keysPerSecond} keys/s`,
			String(f.local.length),
			`${fmt(percentile(f.local, 50))} ms`,
			`${fmt(local95)} ms`,
			`${fmt(percentile(f.remote, 50))} ms`,
			`${fmt(remote95)} ms`,
			`${fmt(f.busyShare * 100, 0)} %`,
			`${fmt(f.typingCpu)} / ${fmt(f.receivingCpu)} ms`,
			`≤ ${target.local} / ≤ ${target.remote} ms`,
			local95 <= target.local && remote95 <= target.remote ? 'yes' : 'no'
		];
	});
	console.log(`\n${textTable(headers, rows)}`);
	return [
		provenance(loadBefore, loadAfter),
		`The production app (\`node server/start.js\`) and headless Chromium (1440×900) on this machine. A SOMTC delegate opens the board in one tab, starts editing the first SOMTC entry and types ${opts.samples} keys, one every ${opts.pauseMs} ms plus the time the other tab takes to show it; a second SOMTC delegate watches the board in another tab. **Local** is from the keystroke's \`keydown\` (its event time) to the task after the next animation frame in the typing tab: the app's handlers, the Yjs transaction and every re-render they cause, painted. **Remote** is from the same \`keydown\` to the moment the watching tab's entry text shows the key (a MutationObserver in the page); both pages read one clock (\`performance.timeOrigin + performance.now()\`). **Receiving tab busy** is the watching tab's main-thread task time over the wall time of the samples (Chrome DevTools Protocol \`Performance.getMetrics\`, TaskDuration); **CPU per keystroke** is each tab's task time over the samples (busy: with the other delegates' updates it also rendered meanwhile), which a shared machine disturbs less than the latencies. Busy: ${opts.typists} further delegates (two per body other than SOMTC, stock y-websocket clients in the benchmark process) type into their own bodies' entries, ${opts.keysPerSecond} keys/s each, ${opts.typists * opts.keysPerSecond} updates/s in all, which both tabs receive and render.`,
		markdownTable(headers, rows)
	].join('\n\n');
}
