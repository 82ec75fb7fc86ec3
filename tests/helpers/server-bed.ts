import { afterEach } from 'vitest';
import type { CollabOptions } from '../../src/lib/server/collab/options';
import type { AppConfig } from '../../src/lib/server/config';
import { syncedClient, type TestClient } from './collab-client';
import { APA_BOARD, removeDataDir, startTestServer, tempDataDir, type TestServer } from './collab-server';

/**
 * The usual set-up of a server test file, torn down after each test:
 * `bed.start()` opens a server on a fresh DATA_DIR (called again, it restarts
 * on the same one); clients from `bed.client()` or pushed to `bed.clients`
 * are destroyed, the server closed and the folder removed.
 */
export function serverTestBed() {
	const bed = {
		dataDir: undefined as string | undefined,
		server: undefined as TestServer | undefined,
		clients: [] as TestClient[],
		async start(opts: { collab?: Partial<CollabOptions>; port?: number; config?: Partial<AppConfig> } = {}): Promise<TestServer> {
			bed.dataDir ??= tempDataDir();
			bed.server = await startTestServer(bed.dataDir, opts);
			return bed.server;
		},
		/** A y-websocket client signed in with `token`, synced to the running server. */
		async client(token: string, board = APA_BOARD): Promise<TestClient> {
			const c = await syncedClient(bed.server!.wsUrl, board, { token });
			bed.clients.push(c);
			return c;
		}
	};
	afterEach(async () => {
		for (const c of bed.clients.splice(0)) c.destroy();
		await bed.server?.close();
		bed.server = undefined;
		if (bed.dataDir) removeDataDir(bed.dataDir);
		bed.dataDir = undefined;
	});
	return bed;
}
