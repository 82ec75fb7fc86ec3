// Benchmark 4: memory. RSS per idle connection (ours and the reference, side
// by side) and per loaded board; then 200 clients connecting and leaving in
// churn for 60 s, and whether RSS comes back once the boards are unloaded.
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext } from '../../src/lib/server/app-context';
import { DEFAULT_COLLAB_OPTIONS } from '../../src/lib/server/collab/options';
import { APA_BOARD, removeDataDir, signIn, tempDataDir, testConfig } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';
import { allSynced, apaDocs, connectBenchClient, seedReference, USER_ORIGIN, type BenchClient } from './lib/bench-clients';
import { loadAverage } from './lib/machine';
import { rssMiB } from './lib/proc-stats';
import { markdownTable, provenance, textTable, writeSection } from './lib/report';
import { HEAP_ARGS, spawnOurs, spawnReference, type BenchServer } from './lib/servers';
import { fmt, sleep } from './lib/stats';

export interface MemoryOptions {
	idleConnections: number;
	boards: number;
	churnClients: number;
	churnSeconds: number;
	/** Run the churn against the reference too (another `churnSeconds`). */
	churnReference: boolean;
}

export function memoryOptionsFromEnv(env = process.env): MemoryOptions {
	return {
		idleConnections: Number(env.BENCH_IDLE_CONNECTIONS ?? 200),
		boards: Number(env.BENCH_BOARDS ?? 20),
		churnClients: Number(env.BENCH_CHURN_CLIENTS ?? 200),
		churnSeconds: Number(env.BENCH_CHURN_SECONDS ?? 60),
		churnReference: env.BENCH_CHURN_REFERENCE === '1'
	};
}

/** How long after the last unload the server collects garbage once more (rooms.ts), plus a margin. */
const SETTLED_COLLECTION_MS = 11_000;

const boardIds = (n: number) => Array.from({ length: n }, (_, i) => `mem-${i + 1}`);

/** RSS once it has settled (V8 hands pages back some time after a collection): the median of a few samples a moment apart. */
async function settledRss(pid: number): Promise<number> {
	await sleep(3000);
	const samples: number[] = [];
	for (let i = 0; i < 5; i++) {
		samples.push(rssMiB(pid));
		await sleep(200);
	}
	return samples.sort((a, b) => a - b)[2];
}

async function connectMany(server: BenchServer, boardId: string, count: number, token?: string): Promise<BenchClient[]> {
	const clients: BenchClient[] = [];
	for (let start = 0; start < count; start += 20) {
		const batch = Array.from({ length: Math.min(20, count - start) }, () => connectBenchClient(server, boardId, token));
		clients.push(...batch);
		await allSynced(batch, `${boardId} to sync`);
	}
	return clients;
}

/** Settled RSS and, after a forced GC, the heap the server still holds. */
async function footprint(server: BenchServer): Promise<{ rssMiB: number; heapMiB: number; heapTotalMiB: number; rssAfterGcMiB: number }> {
	const rss = await settledRss(server.pid);
	const heap = await server.heap();
	return {
		rssMiB: rss,
		heapMiB: (heap.heapUsedKiB + heap.externalKiB) / 1024,
		heapTotalMiB: heap.heapTotalKiB / 1024,
		rssAfterGcMiB: heap.rssKiB / 1024
	};
}

/** The footprint after a forced collection: what the connections or boards themselves hold, not garbage. */
async function collectedFootprint(server: BenchServer): Promise<Footprint> {
	await server.heap();
	return footprint(server);
}

/** The documents our server has loaded (`/healthz` counts rooms, one per document of a board). */
async function roomsLoaded(server: BenchServer): Promise<number> {
	const res = await fetch(`${server.wsUrl.replace(/^ws/, 'http').replace(/\/yjs$/, '')}/healthz`);
	return ((await res.json()) as { rooms: number }).rooms;
}

type Footprint = Awaited<ReturnType<typeof footprint>>;

interface ChurnResult {
	start: Footprint;
	end: Footprint;
	peakMiB: number;
	connections: number;
	edits: number;
	/** Documents our server still had loaded when the last client left. */
	loadedAtEnd: number | string;
}

/**
 * `churnClients` clients at a time connect to `boards`, stay 0.5–3 s and are
 * replaced as they leave, for `churnSeconds`; a quarter add an entry and type
 * into it. `settle` waits for the server to let go of what it can.
 */
async function churn(
	server: BenchServer,
	boards: string[],
	tokens: { observer?: string; delegate?: string },
	opts: Pick<MemoryOptions, 'churnClients' | 'churnSeconds'>,
	settle: () => Promise<unknown>
): Promise<ChurnResult> {
	const start = await footprint(server);
	let peakMiB = start.rssMiB;
	let connections = 0;
	let edits = 0;
	const live = new Set<BenchClient>();
	const deadline = performance.now() + opts.churnSeconds * 1000;
	const spawnOne = () => {
		const typing = connections % 4 === 0;
		const c = connectBenchClient(server, boards[connections % boards.length], typing ? tokens.delegate : tokens.observer);
		const id = `churn-${connections}`;
		connections++;
		live.add(c);
		if (typing) {
			// The delegate is SOMTC's: it adds an entry to SOMTC's document once synced, and types into it.
			void waitFor(() => !live.has(c) || c.isSynced(), { timeout: 10_000, interval: 5 }).then(() => {
				if (!live.has(c)) return;
				const text = c.addEntry({ id, body: 'SOMTC', provision: 'A.a', category: 'institutional', text: 'churn ' });
				for (let k = 0; k < 5; k++) text.doc!.transact(() => text.insert(text.length, String(k)), USER_ORIGIN);
				edits += 6;
			}, () => {});
		}
		setTimeout(() => {
			live.delete(c);
			c.destroy();
			if (performance.now() < deadline) spawnOne();
		}, 500 + Math.random() * 2500);
	};
	for (let i = 0; i < opts.churnClients; i++) setTimeout(spawnOne, (i / opts.churnClients) * 2000);
	while (performance.now() < deadline || live.size > 0) {
		peakMiB = Math.max(peakMiB, rssMiB(server.pid));
		await sleep(250);
	}
	const loadedAtEnd = server.name === 'ours' ? await roomsLoaded(server) : '–';
	await settle();
	return { start, end: await footprint(server), peakMiB, connections, edits, loadedAtEnd };
}

interface IdleResult {
	baseMiB: number;
	perConnectionKiB: number;
	heapPerConnectionKiB: number;
}

async function idleConnections(server: BenchServer, count: number, token?: string): Promise<IdleResult> {
	const first = await connectMany(server, server.boardId, 1, token);
	// Once as a warm-up: the process sizes its pools for that many sockets the first time.
	for (const c of await connectMany(server, server.boardId, count, token)) c.destroy();
	await sleep(1000);
	const base = await collectedFootprint(server);
	const many = await connectMany(server, server.boardId, count, token);
	const withMany = await collectedFootprint(server);
	for (const c of [...first, ...many]) c.destroy();
	return {
		baseMiB: base.rssMiB,
		perConnectionKiB: ((withMany.rssMiB - base.rssMiB) * 1024) / count,
		heapPerConnectionKiB: ((withMany.heapMiB - base.heapMiB) * 1024) / count
	};
}

export async function runMemory(opts: MemoryOptions = memoryOptionsFromEnv()): Promise<{ markdown: string }> {
	const loadBefore = loadAverage();
	console.log(`\n== Memory: ${opts.idleConnections} idle connections, ${opts.boards} boards, churn of ${opts.churnClients} clients for ${opts.churnSeconds} s`);
	const dataDir = tempDataDir();
	const servers: BenchServer[] = [];
	try {
		const ctx = await prepareContext(testConfig(dataDir));
		for (const id of boardIds(opts.boards)) ctx.boards.create({ id, title: id, asOf: null, createdBy: null }, apaDocs());
		const observer = signIn(ctx, { role: 'observer' }).token;
		const delegate = signIn(ctx, { role: 'delegate', body: 'SOMTC' }).token;
		await closeAppContext(ctx);
		setAppContext(undefined);

		// Idle connections: ours and the reference, side by side.
		const ours = await spawnOurs(dataDir, {}, HEAP_ARGS);
		servers.push(ours);
		const reference = await spawnReference(HEAP_ARGS);
		servers.push(reference);
		await seedReference(reference);
		const oursIdle = await idleConnections(ours, opts.idleConnections, observer);
		const refIdle = await idleConnections(reference, opts.idleConnections);
		console.log(`idle connection: ours ${fmt(oursIdle.perConnectionKiB)} KiB, reference ${fmt(refIdle.perConnectionKiB)} KiB`);

		// Loaded boards: one client on each of `boards` more boards.
		await waitFor(async () => (await roomsLoaded(ours)) === 0, { timeout: DEFAULT_COLLAB_OPTIONS.unloadAfterMs + 10_000, what: 'the APA board to unload' });
		const noBoards = await collectedFootprint(ours);
		const perBoardClients: BenchClient[] = [];
		for (const id of boardIds(opts.boards)) perBoardClients.push(...(await connectMany(ours, id, 1, observer)));
		const withBoards = await collectedFootprint(ours);
		const perBoardMiB = (withBoards.rssMiB - noBoards.rssMiB) / opts.boards - oursIdle.perConnectionKiB / 1024;
		const heapPerBoardMiB = (withBoards.heapMiB - noBoards.heapMiB) / opts.boards - oursIdle.heapPerConnectionKiB / 1024;
		for (const c of perBoardClients) c.destroy();
		console.log(`loaded board: ${fmt(perBoardMiB, 2)} MiB`);
		await ours.stop();
		await reference.stop();
		servers.splice(0);

		// Churn on a fresh process: one connection and its unload (the cold start), a
		// warm-up churn of a quarter of the time, then `churnClients` clients come and go.
		const boards = [APA_BOARD, ...boardIds(opts.boards)];
		const churned = await spawnOurs(dataDir, {}, HEAP_ARGS);
		servers.push(churned);
		// Every board unloaded, and the server's collection 10 s after the last unload has run.
		const allUnloaded = async () => {
			await waitFor(async () => (await roomsLoaded(churned)) === 0, { timeout: DEFAULT_COLLAB_OPTIONS.unloadAfterMs + 20_000, what: 'every board to unload' });
			await sleep(SETTLED_COLLECTION_MS);
		};
		for (const c of await connectMany(churned, APA_BOARD, 1, observer)) c.destroy();
		await allUnloaded();
		const warmSeconds = Math.max(5, Math.round(opts.churnSeconds / 4));
		const warmUp = await churn(churned, boards, { observer, delegate }, { ...opts, churnSeconds: warmSeconds }, allUnloaded);
		const ourChurn = await churn(churned, boards, { observer, delegate }, opts, allUnloaded);
		const cold = warmUp.start;
		await churned.stop();
		servers.splice(0);
		// The same churn on the reference, which keeps every document it ever served (no unload without persistence).
		let refChurn: ChurnResult | undefined;
		if (opts.churnReference) {
			const ref = await spawnReference(HEAP_ARGS);
			servers.push(ref);
			for (const id of boards) await seedReference({ ...ref, boardId: id });
			refChurn = await churn(ref, boards, {}, opts, () => sleep(DEFAULT_COLLAB_OPTIONS.unloadAfterMs));
		}
		const { start, end } = ourChurn;
		const startMiB = start.rssMiB;
		const endMiB = end.rssMiB;
		const growth = (endMiB - startMiB) / startMiB;
		const heapGrowth = (end.heapMiB - start.heapMiB) / start.heapMiB;
		const pct = (g: number) => `${g >= 0 ? '+' : ''}${fmt(g * 100)} %`;
		const coldGrowth = (endMiB - cold.rssMiB) / cold.rssMiB;
		const verdict =
			`After the ${opts.churnSeconds} s churn, once every board was unloaded: RSS ${fmt(endMiB)} MiB against ${fmt(startMiB)} MiB before it (${pct(growth)}); target at most 10 % above: ${growth <= 0.1 ? 'met' : 'not met'}. ` +
			`Heap after GC ${fmt(end.heapMiB)} MiB against ${fmt(start.heapMiB)} MiB (${pct(heapGrowth)}). ` +
			`Against the cold process (one connection served, before any churn): RSS ${fmt(cold.rssMiB)} → ${fmt(endMiB)} MiB (${pct(coldGrowth)}), heap ${fmt(cold.heapMiB)} → ${fmt(end.heapMiB)} MiB.`;
		console.log(verdict);
		console.log(`RSS right after the forced GC: ${fmt(start.rssAfterGcMiB)} → ${fmt(end.rssAfterGcMiB)} MiB; V8 heap reserved ${fmt(start.heapTotalMiB)} → ${fmt(end.heapTotalMiB)} MiB`);
		const { connections, edits, peakMiB, loadedAtEnd } = ourChurn;

		const headers = ['measure', 'ours: RSS', 'ours: heap after GC', 'reference: RSS', 'reference: heap after GC'];
		const rows = [
			['one client on the APA board', `${fmt(oursIdle.baseMiB)} MiB`, '', `${fmt(refIdle.baseMiB)} MiB`, ''],
			[`per idle connection (${opts.idleConnections} more clients)`, `${fmt(oursIdle.perConnectionKiB)} KiB`, `${fmt(oursIdle.heapPerConnectionKiB)} KiB`, `${fmt(refIdle.perConnectionKiB)} KiB`, `${fmt(refIdle.heapPerConnectionKiB)} KiB`],
			[`per loaded board (APA-sized, ${opts.boards} boards)`, `${fmt(perBoardMiB, 2)} MiB`, `${fmt(heapPerBoardMiB, 2)} MiB`, '–', '–'],
			['cold process: one connection served and its board unloaded', `${fmt(cold.rssMiB)} MiB`, `${fmt(cold.heapMiB)} MiB`, '–', '–'],
			[`after a ${warmSeconds} s warm-up churn (${warmUp.connections} connections, every board unloaded)`, `${fmt(warmUp.end.rssMiB)} MiB`, `${fmt(warmUp.end.heapMiB)} MiB`, '–', '–'],
			[`churn: ${opts.churnClients} clients coming and going for ${opts.churnSeconds} s (${connections} connections, ${edits} edits, ${boards.length} boards): before`, `${fmt(startMiB)} MiB`, `${fmt(start.heapMiB)} MiB`, refChurn ? `${fmt(refChurn.start.rssMiB)} MiB` : '–', refChurn ? `${fmt(refChurn.start.heapMiB)} MiB` : '–'],
			[`churn: peak (ours: ${loadedAtEnd} documents still loaded when the last client left)`, `${fmt(peakMiB)} MiB`, '', refChurn ? `${fmt(refChurn.peakMiB)} MiB` : '–', ''],
			['after the churn (ours: every board unloaded)', `${fmt(endMiB)} MiB (${pct(growth)})`, `${fmt(end.heapMiB)} MiB (${pct(heapGrowth)})`, refChurn ? `${fmt(refChurn.end.rssMiB)} MiB (${pct((refChurn.end.rssMiB - refChurn.start.rssMiB) / refChurn.start.rssMiB)})` : '–', refChurn ? `${fmt(refChurn.end.heapMiB)} MiB` : '–'],
			['RSS right after that forced GC', `${fmt(start.rssAfterGcMiB)} → ${fmt(end.rssAfterGcMiB)} MiB`, '', refChurn ? `${fmt(refChurn.start.rssAfterGcMiB)} → ${fmt(refChurn.end.rssAfterGcMiB)} MiB` : '–', '']
		];
		console.log(`\n${textTable(headers, rows)}`);
		const markdown = [
			provenance(loadBefore),
			`RSS of the server process (VmRSS), each figure the median of five samples after a pause; both servers run with the allocator setting of \`npm start\` (\`MALLOC_MMAP_THRESHOLD_=131072\`: large buffers are mapped on their own and returned to the system when freed; without it, the same churn ended at +1 to +17 % in three runs, its peak 184–239 MiB); "heap after GC" is V8's used heap plus external memory right after a forced garbage collection (the servers run with \`--expose-gc\` and a benchmark-only preload, tests/bench/lib/heap-report.ts): what is really retained, as opposed to memory the process has not handed back to the system. Idle connections are board clients synced to the APA board: on ours signed-in observers connected as the browser is (one stock y-websocket provider per document of the board, the plan and the ten bodies', over one multiplexed WebSocket), on the reference anonymous clients of the board as its one document; the per-connection figure is the growth from one to ${opts.idleConnections + 1} clients, divided, after as many clients have come and gone once (the first time, the process also sizes its pools for them). The per-board figure is the growth from loading ${opts.boards} more APA-sized boards (one client each), less one connection each. Both are measured after a forced collection, so garbage does not count. The churn runs on a new server process: ${opts.churnClients} clients at a time connect to ${boards.length} boards, stay 0.5–3 s (a quarter of them add an entry and type into it) and are replaced as they leave; afterwards the benchmark waits for every board to be unloaded (\`unloadAfterMs\` = ${DEFAULT_COLLAB_OPTIONS.unloadAfterMs / 1000} s after its last client; the server collects garbage a second after boards unload and again once none has unloaded for 10 s, docs/collaboration.md) and ${SETTLED_COLLECTION_MS / 1000} s more before measuring. It runs twice: a warm-up of ${warmSeconds} s, then the ${opts.churnSeconds} s churn whose before/after is the target; the figures of the cold process (one connection served, before any churn) are given too, since a process that has served traffic holds compiled code and grown heap pools that a cold one does not.${refChurn ? ' The reference gets the same churn on the same boards (seeded first); it never unloads a document when it runs without persistence, so its "after" still holds all of them.' : ''}`,
			markdownTable(headers, rows),
			verdict
		].join('\n\n');
		writeSection('memory', markdown);
		return { markdown };
	} finally {
		for (const s of servers) await s.stop();
		removeDataDir(dataDir);
	}
}
