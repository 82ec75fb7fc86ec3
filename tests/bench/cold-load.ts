// Benchmark 2: cold load of a board whose update log holds 100,000 updates
// (a synthetic meeting of 50 writers), before and after compaction.
import { statSync } from 'node:fs';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board/view';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext } from '../../src/lib/server/app-context';
import { DEFAULT_COLLAB_OPTIONS } from '../../src/lib/server/collab/options';
import { openDatabase } from '../../src/lib/server/db';
import { DocStore } from '../../src/lib/server/collab/doc-store';
import { connectClient } from '../helpers/collab-client';
import { APA_BOARD, dbPathOf, removeDataDir, signIn, tempDataDir, testConfig } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';
import { apaDocs, bodyCodes } from './lib/bench-clients';
import { loadAverage } from './lib/machine';
import { writeMeetingLog } from './lib/meeting-log';
import { markdownTable, provenance, textTable, writeSection } from './lib/report';
import { spawnOurs, type BenchServer } from './lib/servers';
import { fmt, median } from './lib/stats';

export interface ColdLoadOptions {
	updates: number;
	writers: number;
	runs: number;
}

export function coldLoadOptionsFromEnv(env = process.env): ColdLoadOptions {
	return {
		updates: Number(env.BENCH_LOG_UPDATES ?? 100_000),
		writers: Number(env.BENCH_LOG_WRITERS ?? 50),
		runs: Number(env.BENCH_RUNS ?? 5)
	};
}

const SYNCED_TARGET_MS = 150;

/**
 * Time from creating a board client as the browser does (one provider per
 * document over one multiplexed socket) to the last of its documents'
 * `sync` events, against a freshly started server.
 */
async function timeToSynced(wsUrl: string, token: string, boardId = APA_BOARD): Promise<{ ms: number; entries: number }> {
	const started = performance.now();
	const client = connectClient(wsUrl, boardId, { token });
	try {
		const ms = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('no sync within 60 s')), 60_000);
			const waiting = new Set(client.providers.values());
			for (const provider of waiting) {
				provider.on('sync', (synced: boolean) => {
					if (!synced || !waiting.delete(provider) || waiting.size > 0) return;
					clearTimeout(timer);
					resolve(performance.now() - started);
				});
			}
		});
		return { ms, entries: readBoard(client.docs).entries.length };
	} finally {
		client.destroy();
	}
}

/** Log rows after the latest checkpoints, over all the board's documents. */
function boardTail(store: DocStore, boardId: string): number {
	return store.docNames(boardId).reduce((n, name) => n + store.tailLength(boardId, name), 0);
}

/** Folds every document's log into a checkpoint, as the server's compaction does per document. */
function compactBoard(store: DocStore, boardId: string): void {
	const docs = store.loadBoard(boardId);
	store.saveBoard(boardId, docs, store.lastSeq(boardId));
	docs.destroy();
}

/**
 * A second board with the same kind of content (its own meeting of the same
 * size), served first so that the server's code is as warm (optimised by V8)
 * as on a server that has been running for a while, when the measured board loads.
 */
const WARMUP_BOARD = 'warmup';

const WARMUP_LOADS = 4;

async function roomsLoaded(server: BenchServer): Promise<number> {
	const res = await fetch(`${server.wsUrl.replace(/^ws/, 'http').replace(/\/yjs$/, '')}/healthz`);
	return ((await res.json()) as { rooms: number }).rooms;
}

interface Phase {
	tail: number;
	loadMs: number[];
	/** First connection to the board on a server that has served other boards (board not loaded, code warm). */
	syncedMs: number[];
	/** First connection of a just-started server process (cold code). */
	freshMs: number[];
	entries: number;
	stateKiB: number;
}

async function measure(dataDir: string, token: string, runs: number): Promise<Phase> {
	const db = openDatabase(dbPathOf(dataDir));
	const store = new DocStore(db);
	const phase: Phase = { tail: boardTail(store, APA_BOARD), loadMs: [], syncedMs: [], freshMs: [], entries: 0, stateKiB: 0 };
	// The server's load step (DocStore.load: checkpoint + replay of the log after it), timed here on the same file.
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const docs = store.loadBoard(APA_BOARD);
		phase.loadMs.push(performance.now() - started);
		phase.stateKiB = Array.from(docs.named(), ([, doc]) => Y.encodeStateAsUpdate(doc).length).reduce((a, b) => a + b, 0) / 1024;
		docs.destroy();
	}
	db.close();
	for (let i = 0; i < runs * 2; i++) {
		// A new server process each time, so the first connection loads the board from disk;
		// SIGKILLed afterwards, so it never checkpoints and the log stays as it is.
		const warm = i % 2 === 1;
		// Unloading soon after the last client leaves lets the warm-up load the other board several times.
		const server = await spawnOurs(dataDir, warm ? { unloadAfterMs: 50 } : {});
		try {
			for (let k = 0; warm && k < WARMUP_LOADS; k++) {
				await timeToSynced(server.wsUrl, token, WARMUP_BOARD);
				await waitFor(async () => (await roomsLoaded(server)) === 0, { what: 'the warm-up board to unload' });
			}
			const { ms, entries } = await timeToSynced(server.wsUrl, token);
			(warm ? phase.syncedMs : phase.freshMs).push(ms);
			phase.entries = entries;
		} finally {
			server.child.kill('SIGKILL');
			await server.exited;
		}
	}
	return phase;
}

export async function runColdLoad(opts: ColdLoadOptions = coldLoadOptionsFromEnv()): Promise<{ markdown: string }> {
	const loadBefore = loadAverage();
	console.log(`\n== Cold load: ${opts.updates} updates from ${opts.writers} writers, ${opts.runs} runs each`);
	const dataDir = tempDataDir();
	try {
		const ctx = await prepareContext(testConfig(dataDir));
		const bodies = bodyCodes();
		const writers = Array.from({ length: opts.writers }, (_, i) => signIn(ctx, { role: 'delegate', body: bodies[i % bodies.length] }));
		const reader = signIn(ctx, { role: 'observer' });
		const started = performance.now();
		const final = writeMeetingLog(ctx.store, APA_BOARD, {
			total: opts.updates,
			writers: opts.writers,
			bodies,
			userIds: writers.map((w) => w.id)
		});
		const expectedEntries = readBoard(final).entries.length;
		ctx.boards.create({ id: WARMUP_BOARD, title: 'Warm-up', asOf: null, createdBy: null }, apaDocs());
		writeMeetingLog(ctx.store, WARMUP_BOARD, { total: opts.updates, writers: opts.writers, bodies, userIds: [null] });
		console.log(`wrote ${opts.updates} updates in ${((performance.now() - started) / 1000).toFixed(1)} s; ${expectedEntries} entries`);
		await closeAppContext(ctx);
		setAppContext(undefined);
		const dbMiB = () => statSync(dbPathOf(dataDir)).size / 2 ** 20;

		const before = await measure(dataDir, reader.token, opts.runs);
		const sizeBefore = dbMiB();
		const db = openDatabase(dbPathOf(dataDir));
		const store = new DocStore(db);
		const compactStarted = performance.now();
		compactBoard(store, APA_BOARD);
		const compactMs = performance.now() - compactStarted;
		compactBoard(store, WARMUP_BOARD);
		db.exec('VACUUM');
		db.close();
		const after = await measure(dataDir, reader.token, opts.runs);
		for (const p of [before, after]) {
			if (p.entries !== expectedEntries) throw new Error(`the client synced ${p.entries} entries, expected ${expectedEntries}`);
		}

		const headers = ['log', 'rows after checkpoint', 'server load', 'first connection → synced', 'min–max', 'same, just-started process', 'database'];
		const row = (name: string, p: Phase, mib: number) => [
			name,
			String(p.tail),
			`${fmt(median(p.loadMs))} ms`,
			`${fmt(median(p.syncedMs))} ms`,
			`${fmt(Math.min(...p.syncedMs))}–${fmt(Math.max(...p.syncedMs))} ms`,
			`${fmt(median(p.freshMs))} ms`,
			`${fmt(mib)} MiB`
		];
		const rows = [row('before compaction', before, sizeBefore), row('after compaction', after, dbMiB())];
		const syncedAfter = median(after.syncedMs);
		const verdict = `Target: synced in < ${SYNCED_TARGET_MS} ms after compaction: ${syncedAfter < SYNCED_TARGET_MS ? 'met' : 'not met'} (${fmt(syncedAfter)} ms).`;
		console.log(`\n${textTable(headers, rows)}\n\ncompaction (load + checkpoint) took ${fmt(compactMs)} ms; state ${fmt(after.stateKiB)} KiB\n${verdict}`);
		const markdown = [
			provenance(loadBefore),
			`The APA board plus a synthetic meeting: ${opts.writers} delegates each add an entry and type into it (with backspaces and progress changes) in its body's document, one update per keystroke, ${opts.updates.toLocaleString('en')} updates in the log after the seed checkpoint (${expectedEntries} entries at the end). "Server load" is \`DocStore.loadBoard\` (every document's checkpoint + replay of its log), what the rooms of the board's documents run on its first connection. "First connection → synced" is a signed-in board client as the browser makes one (one stock y-websocket provider per document, the plan and the ten bodies', over one multiplexed WebSocket), from creating it to the last of its documents' \`sync\` events (WebSocket handshake, session check, loading the documents, sync step 2 of each and the client applying them), on a server process that has first loaded, served and unloaded another board of the same size and kind ${WARMUP_LOADS} times (so its code is warm, as on a server that has been running) but has not loaded this one; "just-started process" is the same as the very first connection of a new server process (code not yet optimised by V8). Medians of ${opts.runs} runs, each on a new server process. Compaction (load + checkpoint, which the server does every ${DEFAULT_COLLAB_OPTIONS.compactEvery} updates, on unload and on shutdown) took ${fmt(compactMs)} ms; the compacted state is ${fmt(after.stateKiB)} KiB.`,
			markdownTable(headers, rows),
			verdict
		].join('\n\n');
		writeSection('cold-load', markdown);
		return { markdown };
	} finally {
		removeDataDir(dataDir);
	}
}
