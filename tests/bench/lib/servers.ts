import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CollabOptions } from '../../../src/lib/server/collab/options';
import { APA_BOARD, ROOT } from '../../helpers/collab-server';

/** Heap figures a server prints after a forced GC (lib/heap-report.ts). */
export interface HeapFigures {
	gc: boolean;
	rssKiB: number;
	heapUsedKiB: number;
	heapTotalKiB: number;
	externalKiB: number;
}

/** A server in its own process: the load generator never shares an event loop or a core's time slice with it. */
export interface BenchServer {
	name: 'ours' | 'reference';
	child: ChildProcess;
	pid: number;
	/** Base URL for WebsocketProvider (the board id is appended). */
	wsUrl: string;
	boardId: string;
	exited: Promise<void>;
	/** Heap after a forced garbage collection (spawned with HEAP_ARGS only). */
	heap(): Promise<HeapFigures>;
	stop(): Promise<void>;
}

/** Node flags that let `heap()` force a garbage collection in the server. */
export const HEAP_ARGS = ['--expose-gc', '--import', join(ROOT, 'tests/bench/lib/heap-report.ts')];

interface Spawned {
	child: ChildProcess;
	url: string;
	exited: Promise<void>;
	heap(): Promise<HeapFigures>;
}

/**
 * The environment `npm start` sets for the server (the `VAR=value` words before
 * `node` in package.json's start script: glibc's MALLOC_MMAP_THRESHOLD_, so
 * large buffers go back to the system when freed). Both servers get it, so they
 * are compared on equal terms and as the app runs.
 */
const START_ENV: Record<string, string> = Object.fromEntries(
	[...(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string).matchAll(/(\w+)=(\S+)\s/g)].map((m) => [m[1], m[2]])
);

function spawnEntry(entry: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Spawned> {
	const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, join(ROOT, entry)], {
		cwd: ROOT,
		env: { ...process.env, ...START_ENV, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const lines = createInterface({ input: child.stdout! });
	const heapWaiters: ((figures: HeapFigures) => void)[] = [];
	lines.on('line', (line) => {
		if (line.startsWith('HEAP ')) heapWaiters.shift()?.(JSON.parse(line.slice(5)) as HeapFigures);
	});
	const heap = () =>
		new Promise<HeapFigures>((resolve) => {
			heapWaiters.push(resolve);
			child.kill('SIGUSR2');
		});
	const url = new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s`)), 60_000);
		lines.on('line', (line) => {
			const match = /^LISTENING (\S+)/.exec(line);
			if (!match) return;
			clearTimeout(timer);
			resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before listening`)));
	});
	return url.then((u) => ({ child, url: u, exited, heap }));
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

/**
 * Our server (tests/helpers/server-process.ts: the real app server without the
 * SvelteKit handler; authentication, authorisation, synchronous append,
 * history) on `dataDir`, seeded with the APA board on first start.
 */
export async function spawnOurs(dataDir: string, collab: Partial<CollabOptions> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
	const { child, url, exited, heap } = await spawnEntry('tests/helpers/server-process.ts', { DATA_DIR: dataDir, COLLAB_OPTIONS: JSON.stringify(collab) }, nodeArgs);
	return {
		name: 'ours',
		child,
		pid: child.pid!,
		wsUrl: `${url.replace(/^http/, 'ws')}/yjs`,
		boardId: APA_BOARD,
		exited,
		heap,
		stop: () => stopChild(child, exited)
	};
}

/** The reference server (tests/bench/reference-server.ts), empty: seed its document through a client. */
export async function spawnReference(nodeArgs: string[] = []): Promise<BenchServer> {
	const { child, url, exited, heap } = await spawnEntry('tests/bench/reference-server.ts', {}, nodeArgs);
	return {
		name: 'reference',
		child,
		pid: child.pid!,
		wsUrl: url.replace(/^http/, 'ws'),
		boardId: APA_BOARD,
		exited,
		heap,
		stop: () => stopChild(child, exited)
	};
}
