import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { prepareContext } from '../../server/app-server';
import { closeAppContext, setAppContext, type AppContext } from '../../src/lib/server/app-context';
import type { Extension } from '../../src/lib/server/collab/extension';
import { integrity } from '../../src/lib/server/collab/extensions';
import type { CollabLogger, CollabOptions } from '../../src/lib/server/collab/options';
import { Rooms } from '../../src/lib/server/collab/rooms';
import { syncedClient, type TestClient } from './collab-client';
import { APA_BOARD, removeDataDir, tempDataDir, testConfig } from './collab-server';

/** The handshake header naming the test user (`authenticateByName` reads it). */
export const AS_HEADER = 'x-test-user';

/** An `authenticate` hook for users named by the `x-test-user` header: alice, bob and carol (delegates); anyone else is refused. */
export function authenticateByName(ctx: AppContext): NonNullable<Extension['authenticate']> {
	const ids = new Map<string, number>();
	for (const name of ['alice', 'bob', 'carol']) {
		ids.set(name, ctx.users.create({ email: `${name}@test`, name, role: 'delegate', body: null, passwordHash: null }).id);
	}
	return (req) => {
		const name = String(req.headers[AS_HEADER] ?? '');
		const userId = ids.get(name);
		return userId ? { userId, name, role: 'delegate', body: null } : null;
	};
}

/**
 * A collaboration server with an extension of a test's own: `Rooms` on a
 * seeded database, wired to a bare HTTP server (no app: no session or
 * authority extensions), torn down after each test. The test's hooks run
 * first, then the integrity extension (without client-id binding). What it
 * logs is kept in `logged`.
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
		async start(hooks: (ctx: AppContext) => Omit<Extension, 'name'>, collab: Partial<CollabOptions> = {}): Promise<void> {
			bed.dataDir = tempDataDir();
			bed.ctx = await prepareContext(testConfig(bed.dataDir));
			const extensions = [{ name: 'test', ...hooks(bed.ctx) }, integrity()];
			bed.rooms = new Rooms({ store: bed.ctx.store, boards: bed.ctx.boards, extensions, log: bed.log, collab });
			const server = createServer((_req, res) => res.writeHead(404).end());
			server.on('upgrade', (req, socket, head) => bed.rooms.handleUpgrade(req, socket, head));
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			http = server;
			bed.wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs`;
		},
		/** A client of the APA board as the user `as` (the `x-test-user` header), synced; destroyed after the test. */
		async client(as: string, bodies?: readonly string[]): Promise<TestClient> {
			const c = await syncedClient(bed.wsUrl, APA_BOARD, { headers: { [AS_HEADER]: as }, bodies });
			bed.clients.push(c);
			return c;
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
