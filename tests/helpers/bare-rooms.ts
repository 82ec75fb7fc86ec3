import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext, type AppContext } from '../../src/lib/server/app-context';
import type { CollabHooks, CollabLogger, CollabOptions } from '../../src/lib/server/collab/options';
import { Rooms } from '../../src/lib/server/collab/rooms';
import type { TestClient } from './collab-client';
import { removeDataDir, tempDataDir, testConfig } from './collab-server';

/**
 * A collaboration server with hooks of a test's own: `Rooms` on a seeded
 * database, wired to a bare HTTP server (no app, no session hooks), torn down
 * after each test. What it logs is kept in `logged`.
 */
export function bareRoomsBed() {
	let http: Server | undefined;
	const bed = {
		dataDir: '',
		ctx: undefined as unknown as AppContext,
		rooms: undefined as unknown as Rooms,
		wsUrl: '',
		clients: [] as TestClient[],
		logged: [] as string[],
		log: undefined as unknown as CollabLogger,
		async start(hooks: (ctx: AppContext) => CollabHooks, collab: Partial<CollabOptions> = {}): Promise<void> {
			bed.dataDir = tempDataDir();
			bed.ctx = await prepareContext(testConfig(bed.dataDir));
			bed.rooms = new Rooms({ store: bed.ctx.store, boards: bed.ctx.boards, hooks: hooks(bed.ctx), log: bed.log, collab });
			const server = createServer((_req, res) => res.writeHead(404).end());
			server.on('upgrade', (req, socket, head) => bed.rooms.handleUpgrade(req, socket, head));
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			http = server;
			bed.wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs`;
		}
	};
	bed.log = { warn: (m) => bed.logged.push(m), error: (m) => bed.logged.push(m) };
	afterEach(async () => {
		for (const c of bed.clients.splice(0)) c.destroy();
		if (!http) return;
		await bed.rooms.close();
		await new Promise((resolve) => http!.close(resolve));
		http = undefined;
		await closeAppContext(bed.ctx);
		setAppContext(undefined);
		removeDataDir(bed.dataDir);
		bed.logged.length = 0;
	});
	return bed;
}
