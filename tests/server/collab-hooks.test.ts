import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { bodyDocName, cellKey, entriesMap, leadsMap, PLAN_DOC } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { closeAppContext, setAppContext, type AppContext } from '$lib/server/app-context';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import type { CollabHooks, CollabLogger, CollabOptions } from '$lib/server/collab/options';
import { Rooms } from '$lib/server/collab/rooms';
import { prepareContext } from '../../server/app-server';
import { bareRoomsBed } from '../helpers/bare-rooms';
import { addEntry, entryText } from '../helpers/board-edits';
import { connectClient, refusedStatus, SEEDED_BODIES, syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, tempDataDir, testConfig } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

// The extension points themselves, with hooks of the tests' own: these tests
// wire Rooms to its own HTTP server so they can pass them. The app's hooks
// (session cookie, Origin, permission rules: src/lib/server/collab/hooks.ts)
// are tested through the real server in permissions-enforced.test.ts.
const bed = bareRoomsBed();
const clients = bed.clients;
const logged = bed.logged;
const start = bed.start;

/** The handshake header naming the test user (the tests' own `authenticate` reads it). */
const AS = 'x-test-user';

async function client(as: string, bodies?: readonly string[]): Promise<TestClient> {
	const c = await syncedClient(bed.wsUrl, APA_BOARD, { headers: { [AS]: as }, bodies });
	clients.push(c);
	return c;
}

/** Users named by the `x-test-user` header; `nobody` is refused. */
function authenticateByName(ctx: AppContext): CollabHooks['authenticate'] {
	const ids = new Map<string, number>();
	for (const name of ['alice', 'bob', 'carol']) {
		ids.set(name, bed.ctx.users.create({ email: `${name}@test`, name, role: 'delegate', body: null, passwordHash: null }).id);
	}
	return (req) => {
		const name = String(req.headers[AS] ?? '');
		const userId = ids.get(name);
		return userId ? { userId, name, role: 'delegate', body: null } : null;
	};
}

/** Every document a seeded board has. */
const ALL_DOCS = [PLAN_DOC, ...SEEDED_BODIES.map(bodyDocName)];

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
		expect(await refusedStatus(`${bed.wsUrl}/${APA_BOARD}`)).toBe(401);
		expect(await refusedStatus(`${bed.wsUrl}/${APA_BOARD}?boom`)).toBe(500);
		// Unknown boards are refused before anyone is asked.
		expect(await refusedStatus(`${bed.wsUrl}/nope`)).toBe(404);
		expect(calls).toBe(2);
		expect(bed.rooms.size).toBe(0);
		expect(bed.rooms.connectionCount()).toBe(0);
	});

	it('closes only the channel of a document whyNotWrite refuses, with 4403: nothing applied, stored nor broadcast', async () => {
		const asked: string[] = [];
		await start((ctx) => ({
			authenticate: authenticateByName(ctx),
			whyNotWrite: (user, boardId, docName) => {
				asked.push(`${user.name} ${boardId} ${docName}`);
				return docName === PLAN_DOC && user.name !== 'carol' ? 'only the chair assigns leads' : null;
			}
		}));
		const alice = await client('alice');
		const bob = await client('bob');
		const seqBefore = bed.ctx.store.lastSeq(APA_BOARD);
		const board = readBoard(alice.docs);
		const key = cellKey(board.provisions[0].id, board.categories[0].id);

		const plan = alice.providers.get(PLAN_DOC)!;
		const closed = new Promise<{ code: number; reason: string }>((resolve) => plan.once('closed', resolve));
		leadsMap(alice.plan).set(key, 'SOMTC');
		expect(await closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'only the chair assigns leads' });
		expect(plan.shouldConnect).toBe(false); // 44xx: the client does not retry that document
		expect(asked).toContain(`alice ${APA_BOARD} plan`);
		expect(alice.terminal).toEqual([{ doc: PLAN_DOC, code: CLOSE_CODES.forbidden, reason: 'only the chair assigns leads' }]);

		expect(bed.ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore);
		expect(leadsMap(bed.rooms.readPlan(APA_BOARD)).has(key)).toBe(false);
		// Alice's other documents are still open on the same socket: her entry gets through.
		const fromAlice = addEntry(alice.docs, 'allowed, from alice');
		const id = addEntry(bob.docs, 'allowed');
		const carol = await client('carol');
		await waitFor(() => entryText(carol.docs, id) && entryText(carol.docs, fromAlice), { what: 'the allowed edits to get through' });
		expect(asked).toContain(`alice ${APA_BOARD} body:SOMTC`);
		expect(leadsMap(bob.plan).has(key)).toBe(false);
		expect(leadsMap(carol.plan).has(key)).toBe(false);

		leadsMap(carol.plan).set(key, 'SOMTC');
		await waitFor(() => leadsMap(bob.plan).get(key) === 'SOMTC', { what: "the chair's lead to arrive" });
		// Bob's plan, which he may not write either, stayed open: re-sending nothing new (as on connect) is no write.
		expect(bob.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		expect(bob.terminal).toEqual([]);
	});

	it('opens only the documents hasDocument knows; another name gets its channel closed with 4404', async () => {
		const askedFor: string[] = [];
		await start((ctx) => ({
			authenticate: authenticateByName(ctx),
			hasDocument: (boardId, docName) => {
				askedFor.push(`${boardId} ${docName}`);
				return docName !== bodyDocName('ACWC');
			}
		}));
		const alice = connectClient(bed.wsUrl, APA_BOARD, { headers: { [AS]: 'alice' }, bodies: ['SOMTC', 'ACWC'] });
		clients.push(alice);
		await waitFor(() => alice.terminal.length > 0 && alice.providers.get(PLAN_DOC)!.synced && alice.providers.get('body:SOMTC')!.synced, {
			what: 'the known documents to sync and the unknown one to be refused'
		});
		expect(alice.terminal).toEqual([{ doc: 'body:ACWC', code: CLOSE_CODES.unknownDocument, reason: 'no such document on this board' }]);
		expect(askedFor.sort()).toEqual([`${APA_BOARD} body:ACWC`, `${APA_BOARD} body:SOMTC`, `${APA_BOARD} plan`]);
		expect(bed.rooms.loaded(APA_BOARD, 'body:ACWC')).toBeUndefined();
		expect(bed.rooms.size).toBe(2);
		// Server-side changes are held to the same names.
		const user = { userId: null, name: 'server', role: 'secretariat', body: null };
		expect(() => bed.rooms.change(APA_BOARD, 'body:ACWC', user, () => {})).toThrow(/No document body:ACWC/);
	});

	it('calls docLoaded once per document as it is loaded, before any update, and its cleanup when it unloads', async () => {
		const loaded: string[] = [];
		const unloaded: string[] = [];
		const entriesAtLoad = new Map<string, number>();
		await start(
			(ctx) => ({
				authenticate: authenticateByName(ctx),
				docLoaded: (boardId, docName, doc: Y.Doc) => {
					loaded.push(`${boardId} ${docName}`);
					entriesAtLoad.set(docName, entriesMap(doc).size);
					return () => unloaded.push(docName);
				}
			}),
			{ unloadAfterMs: 100 }
		);
		await client('alice', ['SOMTC']);
		expect(loaded.sort()).toEqual([`${APA_BOARD} body:SOMTC`, `${APA_BOARD} plan`]);
		// It gets the document as stored: the body's seeded entries are already in it.
		expect(entriesAtLoad.get('body:SOMTC')).toBe(entriesMap(bed.ctx.store.load(APA_BOARD, 'body:SOMTC').doc).size);
		expect(entriesAtLoad.get('body:SOMTC')).toBeGreaterThan(0);
		await client('bob', ['SOMTC']);
		expect(loaded).toHaveLength(2); // already loaded: not again
		expect(unloaded).toEqual([]);

		for (const c of clients.splice(0)) c.destroy();
		await waitFor(() => unloaded.length === 2, { what: 'both documents to unload' });
		expect(unloaded.sort()).toEqual(['body:SOMTC', 'plan']);
		expect(bed.rooms.size).toBe(0);
	});

	it('calls afterApply with the author and the document once the update is stored', async () => {
		const applied: { boardId: string; docName: string; seq: number; user?: string; stored: number }[] = [];
		await start((ctx) => ({
			authenticate: authenticateByName(ctx),
			afterApply: (info) =>
				applied.push({ boardId: info.boardId, docName: info.docName, seq: info.seq, user: info.user?.name, stored: bed.ctx.store.lastSeq(info.boardId) })
		}));
		const alice = await client('alice');
		const bob = await client('bob');
		const id = addEntry(alice.docs, 'history');
		await waitFor(() => entryText(bob.docs, id), { what: 'Bob to get the entry' });
		expect(applied).toEqual([{ boardId: APA_BOARD, docName: 'body:SOMTC', seq: 1, user: 'alice', stored: 1 }]);
	});

	it("when an update cannot be stored, broadcasts nothing, closes that document's channels with 4500 and recovers on reconnect", async () => {
		await start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await client('alice');
		const bob = await client('bob');
		const append = bed.ctx.store.append.bind(bed.ctx.store);
		let failures = 1;
		bed.ctx.store.append = (...args) => {
			if (failures-- > 0) throw new Error('SQLITE_IOERR: disk I/O error');
			return append(...args);
		};
		let bobHadItWhenClosed: string | undefined = 'not closed';
		bob.providers.get('body:SOMTC')!.once('connection-close', () => (bobHadItWhenClosed = entryText(bob.docs, id)));

		const id = addEntry(alice.docs, 'written once the disk is back');
		await waitFor(() => alice.closes.length > 0 && bob.closes.length > 0, { what: 'both to be closed' });
		// Only the document that failed is reloaded; the socket and the other documents stay.
		for (const c of [alice, bob]) {
			expect(c.closes).toEqual([{ doc: 'body:SOMTC', code: CLOSE_CODES.internalError, reason: 'the document is being reloaded' }]);
			expect(c.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		}
		expect(bobHadItWhenClosed).toBeUndefined();
		expect(logged.some((m) => m.includes('could not store update'))).toBe(true);

		// 45xx is transient: both reconnect, Alice's sync step 2 resends the entry.
		await waitFor(() => entryText(bob.docs, id), { what: 'the entry after reconnecting' });
		expect(entryText(bed.ctx.store.loadBoard(APA_BOARD), id)).toBe('written once the disk is back');
		expect(alice.terminal).toEqual([]);
	});

	it("disconnectUser closes that user's connections with 4401", async () => {
		await start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await client('alice');
		const bob = await client('bob');
		expect(bed.rooms.connectionCount(APA_BOARD)).toBe(2);
		bed.rooms.disconnectUser(bed.ctx.users.byEmail('alice@test')!.id);
		await waitFor(() => alice.closes.length === alice.providers.size, { what: 'Alice to be closed' });
		// The whole socket: every one of her documents sees it.
		expect(alice.closes.map((c) => c.doc).sort()).toEqual([...ALL_DOCS].sort());
		expect(alice.closes.every((c) => c.code === CLOSE_CODES.unauthenticated)).toBe(true);
		expect(Array.from(bob.providers.values()).every((p) => p.wsconnected)).toBe(true);
		await waitFor(() => bed.rooms.connectionCount(APA_BOARD) === 1, { what: 'the server to forget her socket' });
	});
});
