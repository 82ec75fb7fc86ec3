// How long a board client takes from being created to having every document
// of the board. Deliberately free of the board model (no Yjs, no board code):
// it sees a client only as the providers it syncs, so the same timing runs
// against any build of the server and client.
import { median, percentile } from './stats';

/** The part of a y-websocket provider the timing needs. */
export interface SyncingProvider {
	synced: boolean;
	on(event: 'sync', listener: (synced: boolean) => void): void;
}

/** A board client just created: its providers (one per document it syncs). */
export interface OpeningClient {
	providers: SyncingProvider[];
	/** Entries the client holds once synced (to check it got the whole board). */
	entries(): number;
	destroy(): void;
}

export interface OpenSettings {
	/** Opens one after another (after `warmUp` untimed ones). */
	sequential: number;
	warmUp: number;
	/** Clients created at once in each concurrent round. */
	concurrent: number;
	rounds: number;
	/** Entries every client must hold once synced. */
	expectedEntries: number;
	timeoutMs?: number;
}

export interface OpenSamples {
	/** Each sequential open, ms. */
	sequential: number[];
	/** Each client of every concurrent round, ms from the round's start. */
	concurrent: number[];
	/** Per concurrent round, when the last of its clients was synced, ms. */
	concurrentLast: number[];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the time from `started` to the moment the last of `providers` reports `sync`. */
export function allSyncedAfter(providers: SyncingProvider[], started: number, timeoutMs = 60_000): Promise<number> {
	return new Promise((resolve, reject) => {
		const waiting = new Set(providers.filter((p) => !p.synced));
		if (waiting.size === 0) return resolve(performance.now() - started);
		const timer = setTimeout(() => reject(new Error(`${waiting.size} of ${providers.length} documents not synced within ${timeoutMs} ms`)), timeoutMs);
		for (const provider of waiting) {
			provider.on('sync', (synced) => {
				if (!synced || !waiting.delete(provider) || waiting.size > 0) return;
				clearTimeout(timer);
				resolve(performance.now() - started);
			});
		}
	});
}

function checkEntries(clients: OpeningClient[], expected: number): void {
	for (const c of clients) {
		const got = c.entries();
		if (got !== expected) throw new Error(`a client synced ${got} entries, expected ${expected}`);
	}
}

/** `count` clients created in one go; resolves with each one's time to synced. */
export async function openAtOnce(open: () => OpeningClient, count: number, settings: Pick<OpenSettings, 'expectedEntries' | 'timeoutMs'>): Promise<number[]> {
	const started = performance.now();
	const clients: OpeningClient[] = [];
	for (let i = 0; i < count; i++) clients.push(open());
	try {
		const times = await Promise.all(clients.map((c) => allSyncedAfter(c.providers, started, settings.timeoutMs)));
		checkEntries(clients, settings.expectedEntries);
		return times;
	} finally {
		for (const c of clients) c.destroy();
	}
}

/** Sequential opens, then concurrent rounds, with a short pause between so the server's socket closes settle. */
export async function sampleOpens(open: () => OpeningClient, settings: OpenSettings): Promise<OpenSamples> {
	const samples: OpenSamples = { sequential: [], concurrent: [], concurrentLast: [] };
	for (let i = 0; i < settings.warmUp + settings.sequential; i++) {
		const [ms] = await openAtOnce(open, 1, settings);
		if (i >= settings.warmUp) samples.sequential.push(ms);
		await pause(50);
	}
	for (let round = 0; round < settings.rounds; round++) {
		await pause(500);
		const times = await openAtOnce(open, settings.concurrent, settings);
		samples.concurrent.push(...times);
		samples.concurrentLast.push(Math.max(...times));
	}
	return samples;
}

/** Median and p95 of a list of open times. */
export function openSummary(values: readonly number[]): { n: number; p50: number; p95: number; min: number; max: number } {
	return { n: values.length, p50: median(values), p95: percentile(values, 95), min: Math.min(...values), max: Math.max(...values) };
}
