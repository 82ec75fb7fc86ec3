// Benchmark 6: board open → every document synced, on the APA board and on
// the 10× board, one client at a time and 20 at once. A client is made as the
// browser makes one: one stock y-websocket provider per document of the board
// (the plan and the ten bodies'), over one multiplexed WebSocket.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readBoard } from '../../src/lib/board/view';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext } from '../../src/lib/server/app-context';
import { connectClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, signIn, tempDataDir, testConfig } from '../helpers/collab-server';
import { syntheticDocs } from '../helpers/synthetic-board';
import { apaDocs } from './lib/bench-clients';
import { loadAverage } from './lib/machine';
import { cpuMillis } from './lib/proc-stats';
import { allSyncedAfter, fileAlternation, openSummary, sampleOpens, type OpeningClient, type OpenSamples, type OpenSettings } from './lib/open-timing';
import { commitOf, markdownTable, provenance, textTable, writeSection } from './lib/report';
import { spawnOurs } from './lib/servers';
import { fmt, median } from './lib/stats';

export interface OpenOptions {
	sequential: number;
	warmUp: number;
	concurrent: number;
	rounds: number;
	/** A file with the figures of another build measured by the same timing (tests/bench/lib/open-timing.ts), shown beside ours. */
	baselineFile?: string;
	/**
	 * Take turns with the other build's run, sample by sample, through files in
	 * `dir` (`BENCH_OPEN_ALTERNATE=<dir>:first|second`): both are measured at the
	 * same time; the baseline file is then awaited until that run has written it.
	 */
	alternate?: { dir: string; first: boolean };
	/** Where to write this run's figures as JSON (to serve as another run's baseline). */
	jsonOut?: string;
	/** Only these boards (keys of OPEN_BOARDS); all when absent. */
	boards?: string[];
}

export function openOptionsFromEnv(env = process.env): OpenOptions {
	return {
		sequential: Number(env.BENCH_OPENS ?? 30),
		warmUp: Number(env.BENCH_OPEN_WARMUP ?? 3),
		concurrent: Number(env.BENCH_OPEN_CONCURRENT ?? 20),
		rounds: Number(env.BENCH_OPEN_ROUNDS ?? 5),
		baselineFile: env.BENCH_OPEN_BASELINE,
		alternate: alternateFromEnv(env.BENCH_OPEN_ALTERNATE),
		jsonOut: env.BENCH_OPEN_JSON,
		boards: env.BENCH_OPEN_BOARDS?.split(',')
	};
}

function alternateFromEnv(value: string | undefined): OpenOptions['alternate'] {
	if (!value) return undefined;
	const match = /^(.+):(first|second)$/.exec(value);
	if (!match) throw new Error(`BENCH_OPEN_ALTERNATE is <dir>:first or <dir>:second, not ${value}`);
	return { dir: match[1], first: match[2] === 'first' };
}

/** The baseline's figures; while alternating, waits for the other run to write them. */
async function readBaseline(opts: OpenOptions): Promise<OpenFigures | undefined> {
	const file = opts.baselineFile;
	if (!file) return undefined;
	const deadline = Date.now() + (opts.alternate ? 120_000 : 0);
	while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
	return JSON.parse(readFileSync(file, 'utf8')) as OpenFigures;
}

/** Which boards are opened: the APA board and the 10× synthetic one. */
export const OPEN_BOARDS = [
	{ key: 'apa', id: APA_BOARD, name: 'APA board' },
	{ key: 'x10', id: 'apa-x10', name: '10× board' }
] as const;

/** One build's figures, as JSON (this benchmark's own, or a baseline's). */
export interface OpenFigures {
	/** What was measured, e.g. "documents model" or "one document per board". */
	model: string;
	commit: string;
	documentsPerBoard: number;
	loadBefore: string;
	loadAfter: string;
	boards: Record<string, { entries: number; firstOpenMs: number; samples: OpenSamples }>;
}

/** Ratio target: opening may cost at most this much more than with one document per board. */
const OPEN_RATIO_TARGET = 1.25;

function opener(wsUrl: string, boardId: string, token: string): () => OpeningClient {
	return () => {
		const client = connectClient(wsUrl, boardId, { token });
		return { providers: [...client.providers.values()], entries: () => readBoard(client.docs).entries.length, destroy: () => client.destroy() };
	};
}

export async function runOpen(opts: OpenOptions = openOptionsFromEnv()): Promise<{ markdown: string; figures: OpenFigures }> {
	const loadBefore = loadAverage();
	console.log(`\n== Board open: ${opts.sequential} opens one at a time, ${opts.rounds} rounds of ${opts.concurrent} at once, per board`);
	const dataDir = tempDataDir();
	const settings: Omit<OpenSettings, 'expectedEntries'> = {
		sequential: opts.sequential,
		warmUp: opts.warmUp,
		concurrent: opts.concurrent,
		rounds: opts.rounds,
		alternation: opts.alternate && fileAlternation(opts.alternate.dir, opts.alternate.first)
	};
	const figures: OpenFigures = { model: 'documents per authority (plan + one per body)', commit: commitOf(), documentsPerBoard: 0, loadBefore, loadAfter: '', boards: {} };
	try {
		const ctx = await prepareContext(testConfig(dataDir));
		const x10 = syntheticDocs();
		const x10View = readBoard(x10);
		ctx.boards.create({ id: 'apa-x10', title: x10View.title, asOf: x10View.asOf, createdBy: null }, x10);
		const expected: Record<string, number> = { apa: readBoard(apaDocs()).entries.length, x10: x10View.entries.length };
		const token = signIn(ctx, { role: 'observer' }).token;
		await closeAppContext(ctx);
		setAppContext(undefined);
		const server = await spawnOurs(dataDir);
		try {
			for (const board of OPEN_BOARDS.filter((b) => !opts.boards || opts.boards.includes(b.key))) {
				const open = opener(server.wsUrl, board.id, token);
				// The first open loads the board into the server; this client then stays, so
				// the timed opens find it loaded, as when someone already has the board open.
				const started = performance.now();
				const holder = open();
				const firstOpenMs = await allSyncedAfter(holder.providers, started);
				figures.documentsPerBoard = holder.providers.length;
				try {
					const samples = await sampleOpens(open, { ...settings, expectedEntries: expected[board.key], serverCpuMs: () => cpuMillis(server.pid) });
					figures.boards[board.key] = { entries: expected[board.key], firstOpenMs, samples };
					const s = openSummary(samples.sequential);
					const c = openSummary(samples.concurrent);
					console.log(`${board.name}: first ${fmt(firstOpenMs)} ms; one at a time p50 ${fmt(s.p50)} p95 ${fmt(s.p95)} ms; ${opts.concurrent} at once p50 ${fmt(c.p50)} p95 ${fmt(c.p95)} ms`);
				} finally {
					holder.destroy();
				}
			}
		} finally {
			await server.stop();
		}
		figures.loadAfter = loadAverage();
		if (opts.jsonOut) writeFileSync(opts.jsonOut, JSON.stringify(figures));
		const markdown = openReport(figures, await readBaseline(opts), opts);
		// Measuring some boards only is for looking closer: the section keeps the figures of a whole run.
		if (!opts.boards) writeSection('open', markdown);
		return { markdown, figures };
	} finally {
		removeDataDir(dataDir);
	}
}

/** Medians of the CPU per open, ours and the baseline's when both recorded it. */
function cpuTable(measured: readonly (typeof OPEN_BOARDS)[number][], ours: OpenFigures, base: OpenFigures | undefined, opts: OpenOptions) {
	const withCpu = measured.filter((board) => ours.boards[board.key].samples.cpu && (!base || base.boards[board.key]?.samples.cpu));
	if (withCpu.length === 0) return undefined;
	const headers = ['board', 'opening', 'server ours', 'client ours', ...(base ? ['server baseline', 'client baseline', 'server ours/baseline', 'client ours/baseline'] : [])];
	const rows: string[][] = [];
	for (const board of withCpu) {
		for (const [kind, key] of [
			['one client at a time', 'sequential'],
			[`${opts.concurrent} clients at once`, 'concurrent']
		] as const) {
			const o = ours.boards[board.key].samples.cpu![key];
			const row = [board.name, kind, `${fmt(median(o.server), 2)} ms`, `${fmt(median(o.client), 2)} ms`];
			const b = base?.boards[board.key].samples.cpu?.[key];
			if (b) row.push(`${fmt(median(b.server), 2)} ms`, `${fmt(median(b.client), 2)} ms`, fmt(median(o.server) / median(b.server), 2), fmt(median(o.client) / median(b.client), 2));
			rows.push(row);
		}
	}
	return { headers, rows };
}

/** The section: our figures, and beside them the baseline's and the ratio when there is one. */
function openReport(ours: OpenFigures, base: OpenFigures | undefined, opts: OpenOptions): string {
	const headers = ['board', 'opening', 'samples', 'ours p50', 'ours p95', ...(base ? ['baseline p50', 'baseline p95', 'p50 ours/baseline', 'p95 ours/baseline'] : [])];
	const rows: string[][] = [];
	const ratio = (a: number, b: number) => fmt(a / b, 2);
	const measured = OPEN_BOARDS.filter((board) => ours.boards[board.key]);
	for (const board of measured) {
		const o = ours.boards[board.key];
		const b = base?.boards[board.key];
		const kinds: [string, (s: OpenSamples) => number[]][] = [
			['one client at a time', (s) => s.sequential],
			[`${opts.concurrent} clients at once (each client)`, (s) => s.concurrent],
			[`${opts.concurrent} clients at once (the last of them)`, (s) => s.concurrentLast]
		];
		for (const [kind, pick] of kinds) {
			const so = openSummary(pick(o.samples));
			const row = [`${board.name} (${o.entries} entries)`, kind, String(so.n), `${fmt(so.p50)} ms`, `${fmt(so.p95)} ms`];
			if (b) {
				const sb = openSummary(pick(b.samples));
				row.push(`${fmt(sb.p50)} ms`, `${fmt(sb.p95)} ms`, ratio(so.p50, sb.p50), ratio(so.p95, sb.p95));
			}
			rows.push(row);
		}
		const first = [`${board.name} (${o.entries} entries)`, 'first open (board not loaded, just-started process)', '1', `${fmt(o.firstOpenMs)} ms`, ''];
		if (b) first.push(`${fmt(b.firstOpenMs)} ms`, '', ratio(o.firstOpenMs, b.firstOpenMs), '');
		rows.push(first);
	}
	console.log(`\n${textTable(headers, rows)}`);
	const cpu = cpuTable(measured, ours, base, opts);
	if (cpu) console.log(`\n${textTable(cpu.headers, cpu.rows)}`);
	const verdicts = base
		? measured.map((board) => {
				const r = openSummary(ours.boards[board.key].samples.sequential).p50 / openSummary(base.boards[board.key].samples.sequential).p50;
				const rc = openSummary(ours.boards[board.key].samples.concurrent).p50 / openSummary(base.boards[board.key].samples.concurrent).p50;
				return `${board.name}: one at a time ${fmt(r, 2)}×, ${opts.concurrent} at once ${fmt(rc, 2)}× the baseline's median (target ≤ ${OPEN_RATIO_TARGET}×: ${r <= OPEN_RATIO_TARGET && rc <= OPEN_RATIO_TARGET ? 'met' : 'not met'}).`;
			}).join(' ')
		: '';
	return [
		provenance(ours.loadBefore, ours.loadAfter),
		`From creating a board client to the last of its documents' \`sync\` events (every document's sync step 2 received and applied), Node y-websocket clients signed in as observers, in the benchmark process; the server in its own process (tests/helpers/server-process.ts). Ours (commit ${ours.commit}): ${ours.documentsPerBoard} stock providers per client, the plan and the ten bodies', over one multiplexed WebSocket, as the browser connects (tests/helpers/collab-client.ts). The board is loaded in the server first by one client that stays connected, so the timed opens find it loaded, as when someone already has it open (the cold case, loading from the database, is section 2). Per board: ${opts.warmUp} untimed opens, ${opts.sequential} opens one after another, then ${opts.rounds} rounds of ${opts.concurrent} clients created at once (each client timed from the round's start; all of them decode the board in this one process, as they would not in ${opts.concurrent} browsers). The timing code (tests/bench/lib/open-timing.ts) knows no board model, so the same code times another build.` +
			(base
				? ` The baseline (commit ${base.commit}, ${base.model}: ${base.documentsPerBoard} provider per client on one WebSocket) ${opts.alternate ? 'ran at the same time, its samples taking turns with ours (each open and each round waits for the other build\'s to end; `BENCH_OPEN_ALTERNATE`)' : 'ran just before'} on the same machine, with the same settings and timing code; load average ${base.loadBefore} before it, ${base.loadAfter} after.`
				: ''),
		markdownTable(headers, rows),
		cpu &&
			`CPU time per open, medians over the samples (a round's CPU divided by its ${opts.concurrent} clients), from the end of the pause before a sample to the moment all its clients are synced: the server's (its threads' scheduler time, /proc/<pid>/task/*/schedstat) and the clients' (this process, where all the clients of a round run):\n\n${markdownTable(cpu.headers, cpu.rows)}`,
		verdicts
	]
		.filter(Boolean)
		.join('\n\n');
}
