import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellKey, leadsMap } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { closeAppContext, setAppContext, type AppContext } from '$lib/server/app-context';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import type { CollabHooks, CollabLogger } from '$lib/server/collab/options';
import { Rooms } from '$lib/server/collab/rooms';
import { prepareContext } from '../../server/app-server';
import { addEntry, entryText } from '../helpers/board-edits';
import { refusedStatus, syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, tempDataDir, testConfig } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

// The extension points themselves, with hooks of the tests' own: these tests
// wire Rooms to its own HTTP server so they can pass them. The app's hooks
// (session cookie, Origin, permission rules: src/lib/server/collab-hooks.ts)
// are tested through the real server in permissions-enforced.test.ts.
let dataDir: string;
let ctx: AppContext;
let rooms: Rooms;
let http: Server;
let wsUrl: string;
const clients: TestClient[] = [];
const logged: string[] = [];
const log: CollabLogger = { warn: (m) => logged.push(m), error: (m) => logged.push(m) };

async function start(hooks: (ctx: AppContext) => CollabHooks): Promise<void> {
	dataDir = tempDataDir();
	ctx = await prepareContext(testConfig(dataDir));
	rooms = new Rooms({ store: ctx.store, boards: ctx.boards, hooks: hooks(ctx), log });
	http = createServer((_req, res) => res.writeHead(404).end());
	http.on('upgrade', (req, socket, head) => rooms.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	wsUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/yjs`;
}

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await rooms.close();
	await new Promise((resolve) => http.close(resolve));
	await closeAppContext(ctx);
	setAppContext(undefined);
	removeDataDir(dataDir);
	logged.length = 0;
});

async function client(as: string): Promise<TestClient> {
	const c = await syncedClient(wsUrl, APA_BOARD, { params: { as } });
	clients.push(c);
	return c;
}

/** Users named by the `as` query parameter; `nobody` is refused. */
function authenticateByName(ctx: AppContext): CollabHooks['authenticate'] {
	const ids = new Map<string, number>();
	for (const name of ['alice', 'bob', 'carol']) {
		ids.set(name, ctx.users.create({ email: `${name}@test`, name, role: 'delegate', body: null, passwordHash: null }).id);
	}
	return (req) => {
		const name = new URL(req.url ?? '', 'http://x').searchParams.get('as') ?? '';
		const userId = ids.get(name);
		return userId ? { userId, name, role: 'delegate', body: null } : null;
	};
}

/** True when the update writes into the top-level `leads` map (only the chair may). */
function touchesLeads(decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
	return decoded.structs.some((s) => s instanceof Y.Item && (s.parent as unknown) === 'leads');
}

describe('collaboration hooks', () => {
	it('refuses the handshake with 401 when authenticate returns null, 500 when it throws', async () => {
		let calls = 0;
		await start(() => ({
			authenticate(req, boardId) {
				calls++;
				expect(boardId).toBe(APA_BOARD);
				if (req.url?.includes('boom')) throw new Error('session store down');
				return null;
			}
		}));
		expect(await refusedStatus(`${wsUrl}/${APA_BOARD}`)).toBe(401);
		expect(await refusedStatus(`${wsUrl}/${APA_BOARD}?boom`)).toBe(500);
		// Unknown boards are refused before anyone is asked.
		expect(await refusedStatus(`${wsUrl}/nope`)).toBe(404);
		expect(calls).toBe(2);
		expect(rooms.size).toBe(0);
	});

	it('closes with 4403 on a refused update, which is neither applied, stored nor broadcast', async () => {
		await start((ctx) => ({
			authenticate: authenticateByName(ctx),
			authorizeUpdate: (user, _doc, _update, { boardId, decoded }) =>
				boardId === APA_BOARD && touchesLeads(decoded) && user.name !== 'carol' ? { ok: false, reason: 'only the chair assigns leads' } : { ok: true }
		}));
		const alice = await client('alice');
		const bob = await client('bob');
		const seqBefore = ctx.store.lastSeq(APA_BOARD);
		const board = readBoard(alice.doc);
		const key = cellKey(board.provisions[0].id, board.categories[0].id);

		const closed = new Promise<{ code: number; reason: string }>((resolve) => alice.provider.once('closed', resolve));
		leadsMap(alice.doc).set(key, 'SOMTC');
		expect(await closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'only the chair assigns leads' });
		expect(alice.provider.shouldConnect).toBe(false); // 44xx: the client does not retry

		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore);
		expect(leadsMap(rooms.readDoc(APA_BOARD)).has(key)).toBe(false);
		const id = addEntry(bob.doc, 'allowed');
		const carol = await client('carol');
		await waitFor(() => entryText(carol.doc, id), { what: 'an allowed edit to get through' });
		expect(leadsMap(bob.doc).has(key)).toBe(false);
		expect(leadsMap(carol.doc).has(key)).toBe(false);

		leadsMap(carol.doc).set(key, 'SOMTC');
		await waitFor(() => leadsMap(bob.doc).get(key) === 'SOMTC', { what: 'the chair\'s lead to arrive' });
	});

	it('calls afterApply with the author once the update is stored', async () => {
		const applied: { boardId: string; seq: number; user?: string; stored: number }[] = [];
		await start((ctx) => ({
			authenticate: authenticateByName(ctx),
			afterApply: (info) =>
				applied.push({ boardId: info.boardId, seq: info.seq, user: info.user?.name, stored: ctx.store.lastSeq(info.boardId) })
		}));
		const alice = await client('alice');
		const bob = await client('bob');
		const id = addEntry(alice.doc, 'history');
		await waitFor(() => entryText(bob.doc, id), { what: 'Bob to get the entry' });
		expect(applied).toEqual([{ boardId: APA_BOARD, seq: 1, user: 'alice', stored: 1 }]);
	});

	it('when an update cannot be stored, broadcasts nothing, closes the room with 4500 and recovers on reconnect', async () => {
		await start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await client('alice');
		const bob = await client('bob');
		const append = ctx.store.append.bind(ctx.store);
		let failures = 1;
		ctx.store.append = (...args) => {
			if (failures-- > 0) throw new Error('SQLITE_IOERR: disk I/O error');
			return append(...args);
		};
		let bobHadItWhenClosed: string | undefined = 'not closed';
		bob.provider.once('connection-close', () => (bobHadItWhenClosed = entryText(bob.doc, id)));

		const id = addEntry(alice.doc, 'written once the disk is back');
		await waitFor(() => alice.closes.length > 0 && bob.closes.length > 0, { what: 'both to be closed' });
		expect(alice.closes[0].code).toBe(CLOSE_CODES.internalError);
		expect(bob.closes[0].code).toBe(CLOSE_CODES.internalError);
		expect(bobHadItWhenClosed).toBeUndefined();
		expect(logged.some((m) => m.includes('could not store update'))).toBe(true);

		// 45xx is transient: both reconnect, Alice's sync step 2 resends the entry.
		await waitFor(() => entryText(bob.doc, id), { what: 'the entry after reconnecting' });
		expect(entryText(ctx.store.load(APA_BOARD).doc, id)).toBe('written once the disk is back');
	});

	it('disconnectUser closes that user\'s connections with 4401', async () => {
		await start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await client('alice');
		const bob = await client('bob');
		expect(rooms.connectionCount(APA_BOARD)).toBe(2);
		rooms.disconnectUser(ctx.users.byEmail('alice@test')!.id);
		await waitFor(() => alice.closes.length > 0, { what: 'Alice to be closed' });
		expect(alice.closes[0].code).toBe(CLOSE_CODES.unauthenticated);
		expect(bob.provider.wsconnected).toBe(true);
	});
});
