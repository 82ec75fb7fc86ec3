import { afterAll, afterEach } from 'vitest';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext, type AppContext } from '../../src/lib/server/app-context';
import type { CollabOptions } from '../../src/lib/server/collab/options';
import type { AppConfig } from '../../src/lib/server/config';
import { syncedClient, type TestClient } from './collab-client';
import {
	APA_BOARD,
	removeDataDir,
	spawnServerProcess,
	startTestServer,
	tempDataDir,
	testConfig,
	type ServerProcess,
	type TestServer
} from './collab-server';

export interface BedStart {
	collab?: Partial<CollabOptions>;
	port?: number;
	config?: Partial<AppConfig>;
	/** Start on this folder instead of the bed's own (one of `bed.folder()`, say). */
	dataDir?: string;
}

/**
 * The usual set-up of a server test file. `bed.start()` opens a server on a
 * fresh DATA_DIR (called again, it restarts on the same one); `bed.spawn()`
 * runs it as a child process instead, to be killed; `bed.context()` makes
 * only the app's services, for routes called directly; `bed.folder()` gives
 * another data folder (a backup's copy, a second server). Clients from
 * `bed.client()` or pushed to `bed.clients` are destroyed after each test;
 * servers, processes and folders when the scope ends: after each test, or
 * with `{ scope: 'block' }` after the describe block (or file) it is called
 * in, for tests that share one server.
 */
export function serverTestBed({ scope = 'test' }: { scope?: 'test' | 'block' } = {}) {
	const started: TestServer[] = [];
	const spawned: ServerProcess[] = [];
	const folders: string[] = [];
	const contexts: AppContext[] = [];
	const bed = {
		dataDir: undefined as string | undefined,
		server: undefined as TestServer | undefined,
		clients: [] as TestClient[],
		folder(): string {
			const dir = tempDataDir();
			folders.push(dir);
			return dir;
		},
		async start({ dataDir, ...opts }: BedStart = {}): Promise<TestServer> {
			bed.dataDir ??= dataDir ?? bed.folder();
			const server = once(await startTestServer(dataDir ?? bed.dataDir, opts));
			started.push(server);
			if (!dataDir || dataDir === bed.dataDir) bed.server = server;
			return server;
		},
		/** The server in a child process on the bed's folder; killed with SIGKILL if still running at the end. */
		async spawn(collab: Partial<CollabOptions> = {}): Promise<ServerProcess> {
			bed.dataDir ??= bed.folder();
			const proc = await spawnServerProcess(bed.dataDir, collab);
			spawned.push(proc);
			return proc;
		},
		/** The app's services on the bed's folder (seeded, set as the process's context), with no HTTP server or sockets. */
		async context(config: Partial<AppConfig> = {}): Promise<AppContext> {
			bed.dataDir ??= bed.folder();
			const ctx = await prepareContext({ ...testConfig(bed.dataDir), ...config });
			contexts.push(ctx);
			return ctx;
		},
		/** A y-websocket client signed in with `token`, synced to the bed's server (or the one at `wsUrl`). */
		async client(token: string, board = APA_BOARD, wsUrl?: string): Promise<TestClient> {
			const c = await syncedClient(wsUrl ?? bed.server!.wsUrl, board, { token });
			bed.clients.push(c);
			return c;
		}
	};
	afterEach(() => {
		for (const c of bed.clients.splice(0)) c.destroy();
	});
	(scope === 'test' ? afterEach : afterAll)(async () => {
		for (const c of bed.clients.splice(0)) c.destroy();
		for (const p of spawned.splice(0)) {
			if (p.child.exitCode === null && p.child.signalCode === null) {
				p.child.kill('SIGKILL');
				await p.exited;
			}
		}
		for (const s of started.splice(0)) await s.close();
		if (contexts.length) setAppContext(undefined);
		for (const ctx of contexts.splice(0)) await closeAppContext(ctx);
		bed.server = undefined;
		if (bed.dataDir && !folders.includes(bed.dataDir)) removeDataDir(bed.dataDir);
		for (const d of folders.splice(0)) removeDataDir(d);
		bed.dataDir = undefined;
	});
	return bed;
}

/** A server whose `close` may be called by the test and again by the bed. */
function once(server: TestServer): TestServer {
	let closing: Promise<void> | undefined;
	return { ...server, close: () => (closing ??= server.close()) };
}
