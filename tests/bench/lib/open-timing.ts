// How long a board client takes from being created to having every document
// of the board. Deliberately free of the board model (no Yjs, no board code):
// it sees a client only as the providers it syncs, so the same timing runs
// against any build of the server and client.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
	/** The server's CPU time so far, in ms: with it, each sample also records the CPU an open costs (see {@link CpuPerOpen}). */
	serverCpuMs?: () => number;
	/** Takes turns with another build's run, sample by sample (see {@link fileAlternation}). */
	alternation?: Alternation;
}

/**
 * Turns shared with another process measuring another build: each timed
 * sample (an open, a round) waits for its turn and hands the turn over when
 * done, so the two builds are measured in alternation on the same machine
 * at the same time, and a change of the machine's load weighs on both alike.
 */
export interface Alternation {
	/** Resolves when it is this process's turn. */
	take(): Promise<void>;
	/** Hands the turn to the other process. */
	give(): void;
}

/**
 * An alternation through a file in `dir` holding the number of turns taken:
 * side `first` takes the even turns, the other side the odd ones. Both sides
 * must take the same number of samples (the same settings).
 */
export function fileAlternation(dir: string, first: boolean, timeoutMs = 300_000): Alternation {
	const file = join(dir, 'turn');
	const turn = () => (existsSync(file) ? Number(readFileSync(file, 'utf8')) || 0 : 0);
	return {
		async take() {
			const deadline = Date.now() + timeoutMs;
			while (turn() % 2 !== (first ? 0 : 1)) {
				if (Date.now() > deadline) throw new Error(`the other side of ${file} gave no turn within ${timeoutMs} ms`);
				await pause(2);
			}
		},
		give() {
			writeFileSync(file, String(turn() + 1));
		}
	};
}

export interface OpenSamples {
	/** Each sequential open, ms. */
	sequential: number[];
	/** Each client of every concurrent round, ms from the round's start. */
	concurrent: number[];
	/** Per concurrent round, when the last of its clients was synced, ms. */
	concurrentLast: number[];
	/** CPU per open, when the server's CPU was given: each sequential open, and each round divided by its clients. */
	cpu?: { sequential: CpuPerOpen; concurrent: CpuPerOpen };
}

/** CPU time per board open, ms, one value per sample: the server's, and the clients' (this process). */
export interface CpuPerOpen {
	server: number[];
	client: number[];
}

/** Measures the CPU a sample uses, in the server and in this process, per open. */
function cpuMeter(serverCpuMs: () => number): { start(): void; stop(opens: number, into: CpuPerOpen): void } {
	let server = 0;
	let client = process.cpuUsage();
	return {
		start() {
			server = serverCpuMs();
			client = process.cpuUsage();
		},
		stop(opens, into) {
			const used = process.cpuUsage(client);
			into.server.push((serverCpuMs() - server) / opens);
			into.client.push((used.user + used.system) / 1000 / opens);
		}
	};
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

/** `count` clients created in one go; resolves with each one's time to synced. `synced` runs once all are, before they are checked. */
export async function openAtOnce(
	open: () => OpeningClient,
	count: number,
	settings: Pick<OpenSettings, 'expectedEntries' | 'timeoutMs'>,
	synced?: () => void
): Promise<number[]> {
	const started = performance.now();
	const clients: OpeningClient[] = [];
	for (let i = 0; i < count; i++) clients.push(open());
	try {
		const times = await Promise.all(clients.map((c) => allSyncedAfter(c.providers, started, settings.timeoutMs)));
		synced?.();
		checkEntries(clients, settings.expectedEntries);
		return times;
	} finally {
		for (const c of clients) c.destroy();
	}
}

/** Sequential opens, then concurrent rounds, with a short pause before each so the server's socket closes settle. */
export async function sampleOpens(open: () => OpeningClient, settings: OpenSettings): Promise<OpenSamples> {
	const samples: OpenSamples = { sequential: [], concurrent: [], concurrentLast: [] };
	const turn = settings.alternation;
	const meter = settings.serverCpuMs && cpuMeter(settings.serverCpuMs);
	const cpu = meter && { sequential: { server: [], client: [] }, concurrent: { server: [], client: [] } };
	for (let i = 0; i < settings.warmUp + settings.sequential; i++) {
		await turn?.take();
		await pause(50);
		const counted = cpu && i >= settings.warmUp;
		meter?.start();
		const [ms] = await openAtOnce(open, 1, settings, () => counted && meter.stop(1, cpu.sequential));
		if (i >= settings.warmUp) samples.sequential.push(ms);
		turn?.give();
	}
	for (let round = 0; round < settings.rounds; round++) {
		await turn?.take();
		await pause(500);
		meter?.start();
		const times = await openAtOnce(open, settings.concurrent, settings, () => cpu && meter.stop(settings.concurrent, cpu.concurrent));
		samples.concurrent.push(...times);
		samples.concurrentLast.push(Math.max(...times));
		turn?.give();
	}
	return cpu ? { ...samples, cpu } : samples;
}

/** Median and p95 of a list of open times. */
export function openSummary(values: readonly number[]): { n: number; p50: number; p95: number; min: number; max: number } {
	return { n: values.length, p50: median(values), p95: percentile(values, 95), min: Math.min(...values), max: Math.max(...values) };
}
