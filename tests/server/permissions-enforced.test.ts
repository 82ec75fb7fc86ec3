import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { cellKey, categoriesArray, entriesMap, ENTRY_STATUSES, leadsMap, metaMap, type TransactionOrigin } from '$lib/board/doc';
import {
	addEntry,
	deleteEntry,
	moveEntry,
	renameCategory,
	setBoardMeta,
	setEntryStatus,
	setEntryText,
	setLead
} from '$lib/board/mutations';
import { readBoard, type EntryView } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { authHeaders, rawSocket, refusedStatus, syncedClient, type TestClient } from '../helpers/collab-client';
import {
	APA_BOARD,
	removeDataDir,
	signIn,
	startTestServer,
	tempDataDir,
	type TestServer,
	type UserSpec
} from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

// The server enforces src/lib/board/permissions.ts on the WebSocket: raw
// y-websocket clients, one per role, make each change with the board's own
// mutation functions (as a modified UI would), and every forbidden one is
// refused before it is applied, stored or relayed.

const USER: TransactionOrigin = { source: 'user' };

const ROLES = {
	observer: { role: 'observer' },
	somtc: { role: 'delegate', body: 'SOMTC' },
	somed: { role: 'delegate', body: 'SOM-ED' },
	chair: { role: 'chair', body: 'SOMTC' },
	secretariat: { role: 'secretariat' }
} satisfies Record<string, UserSpec>;
type Who = keyof typeof ROLES;
const WHO = Object.keys(ROLES) as Who[];

/** Does a document show the change an action made? */
type Shows = (doc: Y.Doc) => boolean;

interface Action {
	name: string;
	/** Makes the change on the acting client's document; returns how to recognise it elsewhere. */
	act(doc: Y.Doc): Shows;
	/** Who may do it on an open board; everyone else is refused with 4403. */
	allowed: Who[];
}

let cases = 0;
/** A marker no earlier case wrote, so a refused change can never look applied. */
const mark = () => `[case ${++cases}]`;

/** The first entry of `body` on the board as it is now (earlier cases may have deleted or moved some). */
function entryOf(doc: Y.Doc, body: string): EntryView {
	const entry = readBoard(doc).entries.find((e) => e.body === body);
	if (!entry) throw new Error(`no ${body} entry left`);
	return entry;
}

const field = (doc: Y.Doc, id: string, key: string) => entriesMap(doc).get(id)?.get(key);

function editText(body: string): Action['act'] {
	return (doc) => {
		const { id, text } = entryOf(doc, body);
		const m = mark();
		setEntryText(doc, id, `${text} ${m}`, USER);
		return (d) => String(field(d, id, 'text') ?? '').includes(m);
	};
}

const ACTIONS: Action[] = [
	{ name: 'edit the text of a SOMTC entry', act: editText('SOMTC'), allowed: ['somtc', 'chair', 'secretariat'] },
	{ name: 'edit the text of a SOM-ED entry', act: editText('SOM-ED'), allowed: ['somed', 'secretariat'] },
	{
		name: 'delete a SOMTC entry',
		act(doc) {
			const { id } = entryOf(doc, 'SOMTC');
			deleteEntry(doc, id, USER);
			return (d) => !entriesMap(d).has(id);
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{
		name: 'move a SOM-ED entry to another cell',
		act(doc) {
			const { id, provision, category } = entryOf(doc, 'SOM-ED');
			const board = readBoard(doc);
			const to = {
				provision: board.provisions.find((p) => p.id !== provision)!.id,
				category: board.categories.find((c) => c.id !== category)!.id
			};
			moveEntry(doc, id, to.provision, to.category, USER);
			return (d) => field(d, id, 'provision') === to.provision && field(d, id, 'category') === to.category;
		},
		allowed: ['somed', 'secretariat']
	},
	{
		name: 'change the status of a SOMTC entry',
		act(doc) {
			const { id, status } = entryOf(doc, 'SOMTC');
			const next = ENTRY_STATUSES.find((s) => s !== status)!;
			setEntryStatus(doc, id, next, USER);
			return (d) => field(d, id, 'status') === next;
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{
		name: 'add an entry for SOM-ED',
		act(doc) {
			const board = readBoard(doc);
			const id = addEntry(
				doc,
				{ provision: board.provisions[0].id, category: board.categories[0].id, body: 'SOM-ED', text: `New ${mark()}` },
				USER
			);
			return (d) => entriesMap(d).has(id);
		},
		allowed: ['somed', 'secretariat']
	},
	{
		name: 're-attribute a SOMTC entry to SOM-ED',
		act(doc) {
			const { id } = entryOf(doc, 'SOMTC');
			// No UI control does this for delegates: a crafted write of the entry's `body` key.
			doc.transact(() => entriesMap(doc).get(id)!.set('body', 'SOM-ED'), USER);
			return (d) => field(d, id, 'body') === 'SOM-ED';
		},
		allowed: ['secretariat']
	},
	{
		name: 'set a lead',
		act(doc) {
			const board = readBoard(doc);
			const cell = board.provisions
				.flatMap((p) => board.categories.map((c) => ({ provision: p.id, category: c.id })))
				.find((c) => !(cellKey(c.provision, c.category) in board.leads))!;
			setLead(doc, cell.provision, cell.category, 'SOM-ED', USER);
			const key = cellKey(cell.provision, cell.category);
			return (d) => leadsMap(d).get(key) === 'SOM-ED';
		},
		allowed: ['chair']
	},
	{
		name: 'rename a category',
		act(doc) {
			const { id } = readBoard(doc).categories[1];
			const name = `Research Development ${mark()}`;
			renameCategory(doc, id, name, USER);
			return (d) => categoriesArray(d).toArray().some((c) => c.get('id') === id && c.get('name') === name);
		},
		allowed: ['chair', 'secretariat']
	},
	{
		name: 'edit the board title',
		act(doc) {
			const title = `APA board ${mark()}`;
			setBoardMeta(doc, { title }, USER);
			return (d) => metaMap(d).get('title') === title;
		},
		allowed: ['chair', 'secretariat']
	}
];

let dataDir: string;
let server: TestServer;
const clients: TestClient[] = [];

/** One server and seeded database for the describe block it is called in. */
function useServer(): void {
	beforeAll(async () => {
		dataDir = tempDataDir();
		server = await startTestServer(dataDir);
	});
	afterAll(async () => {
		await server.close();
		removeDataDir(dataDir);
	});
}

beforeAll(() => {
	// Every refusal is logged as a warning; here they are expected.
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(() => {
	vi.restoreAllMocks();
});

afterEach(() => {
	for (const c of clients.splice(0)) c.destroy();
});

async function client(token: string): Promise<TestClient> {
	const c = await syncedClient(server.wsUrl, APA_BOARD, { token });
	clients.push(c);
	return c;
}

/**
 * Resolves once the server has answered a sync step 1 sent now on `c`'s
 * socket. Messages on one socket arrive in order, so anything the server
 * relayed to `c` before has been applied to `c.doc` by then.
 */
function roundTrip(c: TestClient): Promise<void> {
	const ws = c.provider.ws!;
	return new Promise((resolve) => {
		const onMessage = (event: MessageEvent) => {
			const data = new Uint8Array(event.data as ArrayBuffer);
			if (data[0] !== 0 || data[1] !== syncProtocol.messageYjsSyncStep2) return;
			ws.removeEventListener('message', onMessage);
			resolve();
		};
		ws.addEventListener('message', onMessage);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		syncProtocol.writeSyncStep1(e, c.doc);
		ws.send(encoding.toUint8Array(e));
	});
}

/** Signs in one user per role, plus an observer who watches every case. */
function signInRoles(): { tokens: Record<Who, string>; watcher: string } {
	const ctx = server.running.ctx;
	const tokens = Object.fromEntries(WHO.map((who) => [who, signIn(ctx, ROLES[who]).token])) as Record<Who, string>;
	return { tokens, watcher: signIn(ctx, { role: 'observer', name: 'Watcher' }).token };
}

/**
 * A fresh client of `token` makes the change while a fresh observer watches;
 * checks that it went through everywhere, or was refused with 4403 and left
 * no trace on the observer, the live document or the disk.
 */
async function attempt(action: Action, token: string, watcherToken: string, expectAllowed: boolean): Promise<void> {
	const { rooms, store } = server.running.ctx;
	const watcher = await client(watcherToken);
	const actor = await client(token);
	const live = () => rooms.readDoc(APA_BOARD);
	const before = { sv: Y.encodeStateVector(live()), board: readBoard(live()), seq: store.lastSeq(APA_BOARD) };

	let shows: Shows | undefined;
	let watcherSawIt = false;
	watcher.doc.on('update', () => {
		if (shows?.(watcher.doc)) watcherSawIt = true;
	});
	shows = action.act(actor.doc);
	expect(shows(actor.doc), 'the action changes the acting client’s own copy').toBe(true);
	expect(shows(live()), 'not before the server got it').toBe(false);

	if (expectAllowed) {
		await waitFor(() => shows!(watcher.doc), { what: `the observer to see "${action.name}"` });
		expect(shows(live())).toBe(true);
		expect(store.lastSeq(APA_BOARD)).toBeGreaterThan(before.seq);
		expect(shows(store.load(APA_BOARD).doc), 'stored: a reload from disk has it').toBe(true);
		expect(actor.closes).toEqual([]);
		expect(actor.provider.wsconnected).toBe(true);
		return;
	}

	await waitFor(() => actor.closes.length > 0 || shows!(watcher.doc), { what: `"${action.name}" to be refused` });
	expect(actor.closes[0]?.code).toBe(CLOSE_CODES.forbidden);
	// A 44xx close is permanent: y-websocket reports it through `closed` and stops reconnecting.
	expect(actor.terminal).toEqual([actor.closes[0]]);
	expect(actor.provider.shouldConnect).toBe(false);

	await roundTrip(watcher);
	expect(watcherSawIt).toBe(false);
	expect(shows(watcher.doc)).toBe(false);
	expect(Y.encodeStateVector(live())).toEqual(before.sv);
	expect(readBoard(live())).toEqual(before.board);
	expect(store.lastSeq(APA_BOARD)).toBe(before.seq);
	expect(shows(store.load(APA_BOARD).doc)).toBe(false);
	expect(watcher.provider.wsconnected).toBe(true);
}

describe('an open board: roles × actions over the WebSocket', () => {
	useServer();
	let users: ReturnType<typeof signInRoles>;
	beforeAll(() => {
		users = signInRoles();
	});

	for (const action of ACTIONS) {
		for (const who of WHO) {
			const allowed = action.allowed.includes(who);
			it(`${action.name}: ${who} → ${allowed ? 'applied' : 'refused with 4403'}`, async () => {
				await attempt(action, users.tokens[who], users.watcher, allowed);
			});
		}
	}
});

describe('a finalized board: every change is refused for every role', () => {
	useServer();
	let users: ReturnType<typeof signInRoles>;
	beforeAll(() => {
		users = signInRoles();
		server.running.ctx.boards.setStatus(APA_BOARD, 'finalized');
	});

	for (const action of ACTIONS) {
		for (const who of WHO) {
			it(`${action.name}: ${who} → refused with 4403`, async () => {
				await attempt(action, users.tokens[who], users.watcher, false);
			});
		}
	}

	it('reopened, the same board takes permitted changes again', async () => {
		server.running.ctx.boards.setStatus(APA_BOARD, 'open');
		await attempt(ACTIONS[0], users.tokens.somtc, users.watcher, true);
	});
});

describe('the handshake: session cookie and Origin', () => {
	useServer();
	const url = () => `${server.wsUrl}/${APA_BOARD}`;
	const connections = () => server.running.ctx.rooms.connectionCount();

	it('without a session cookie → HTTP 401 and no socket', async () => {
		expect(await refusedStatus(url())).toBe(401);
		expect(await refusedStatus(url(), { cookie: 'pb_session=not-a-token' })).toBe(401);
		expect(await refusedStatus(url(), { cookie: 'other=1' })).toBe(401);
		expect(connections()).toBe(0);
	});

	it('a valid cookie with a foreign Origin → refused, no socket; the matching Origin is accepted', async () => {
		const { token } = signIn(server.running.ctx, { role: 'secretariat' });
		expect(await refusedStatus(url(), authHeaders(token, { origin: 'https://evil.example' }))).toBe(401);
		expect(await refusedStatus(url(), authHeaders(token, { origin: `https://127.0.0.1:${server.port + 1}` }))).toBe(401);
		expect(connections()).toBe(0);

		const same = await rawSocket(server.wsUrl, APA_BOARD, token, { headers: { origin: `http://127.0.0.1:${server.port}` } });
		expect(connections()).toBe(1);
		same.ws.close();
		await waitFor(() => connections() === 0, { what: 'the socket to close' });
	});

	it('a cookie whose session was invalidated (signed out) → HTTP 401', async () => {
		const ctx = server.running.ctx;
		const user = signIn(ctx, { role: 'delegate', body: 'SOMTC' });
		const ok = await rawSocket(server.wsUrl, APA_BOARD, user.token);
		ok.ws.close();
		await waitFor(() => connections() === 0, { what: 'the socket to close' });

		ctx.sessions.invalidate(user.sessionId);
		expect(await refusedStatus(url(), authHeaders(user.token))).toBe(401);
		expect(connections()).toBe(0);
	});

	it('a deactivated user cannot connect, even with a session that was valid', async () => {
		const ctx = server.running.ctx;
		const user = signIn(ctx, { role: 'delegate', body: 'SOM-ED' });
		expect(ctx.sessions.validate(user.token)).not.toBeNull();
		ctx.users.setActive(user.id, false);
		expect(await refusedStatus(url(), authHeaders(user.token))).toBe(401);
		expect(connections()).toBe(0);
	});

	it('rooms.disconnectUser closes every connection of that user with 4401; the client stops; others stay', async () => {
		const ctx = server.running.ctx;
		const alice = signIn(ctx, { role: 'delegate', body: 'SOMTC' });
		const bob = signIn(ctx, { role: 'observer' });
		const a1 = await client(alice.token);
		const a2 = await client(ctx.sessions.create(alice.id).token);
		const b = await client(bob.token);
		expect(connections()).toBe(3);

		ctx.rooms.disconnectUser(alice.id);
		await waitFor(() => a1.terminal.length > 0 && a2.terminal.length > 0, { what: 'both of Alice’s clients to be closed' });
		for (const a of [a1, a2]) {
			expect(a.terminal[0].code).toBe(CLOSE_CODES.unauthenticated);
			expect(a.provider.shouldConnect).toBe(false);
		}
		expect(b.provider.wsconnected).toBe(true);
		expect(b.closes).toEqual([]);
		await waitFor(() => connections() === 1, { what: 'the server to drop Alice’s connections' });
	});

	it('rooms.disconnectSession closes only the connections of that session with 4401', async () => {
		const ctx = server.running.ctx;
		const carol = signIn(ctx, { role: 'chair', body: 'SOMTC' });
		const signedOut = await client(carol.token);
		const stays = await client(ctx.sessions.create(carol.id).token);

		ctx.sessions.invalidate(carol.sessionId);
		ctx.rooms.disconnectSession(carol.sessionId);
		await waitFor(() => signedOut.terminal.length > 0, { what: 'the signed-out client to be closed' });
		expect(signedOut.terminal[0].code).toBe(CLOSE_CODES.unauthenticated);
		expect(stays.provider.wsconnected).toBe(true);
		expect(stays.closes).toEqual([]);
		// Reconnecting with the ended session is refused at the handshake.
		expect(await refusedStatus(url(), authHeaders(carol.token))).toBe(401);
	});
});
