import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	bodyDocName,
	categoriesArray,
	cellKey,
	decisionsMap,
	entriesMap,
	leadsMap,
	metaMap,
	PLAN_DOC,
	type BoardDocs,
	type TransactionOrigin
} from '$lib/board/doc';
import {
	addEntry,
	deleteEntry,
	moveEntry,
	renameCategory,
	setBoardMeta,
	setDecision,
	setEntryProgress,
	setEntryText,
	setLead
} from '$lib/board/mutations';
import { readBoard, type EntryView } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { authHeaders, rawSocket, refusedStatus, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn, type TestServer, type UserSpec } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

// The server decides one thing per update: may this connection write this
// document now (src/lib/board/permissions.ts whyNotWriteDoc). Stock
// y-websocket clients, one per role, make each change with the board's own
// mutation functions (as a modified UI would), and every forbidden one is
// refused before it is applied, stored or relayed: that document's channel
// closes with 4403, the connection and its other documents carry on.

const USER: TransactionOrigin = { source: 'user' };

const ROLES = {
	observer: PEOPLE.observer,
	somtc: PEOPLE.somtc,
	somed: PEOPLE.somed,
	chair: PEOPLE.chair,
	secretariat: PEOPLE.secretariat
} satisfies Record<string, UserSpec>;
type Who = keyof typeof ROLES;
const WHO = Object.keys(ROLES) as Who[];

/** Do a board's documents show the change an action made? */
type Shows = (docs: BoardDocs) => boolean;

interface Action {
	name: string;
	/** The document the change writes. */
	doc: string;
	/** Makes the change on the acting client's documents, as user `userId`; returns how to recognise it elsewhere. */
	act(docs: BoardDocs, userId: number): Shows;
	/** Who may do it on an open board; everyone else is refused with 4403. */
	allowed: Who[];
}

let cases = 0;
/** A marker no earlier case wrote, so a refused change can never look applied. */
const mark = () => `[case ${++cases}]`;

/** The first entry of `body` on the board as it is now (earlier cases may have deleted or moved some). */
function entryOf(docs: BoardDocs, body: string): EntryView {
	const entry = readBoard(docs).entries.find((e) => e.body === body);
	if (!entry) throw new Error(`no ${body} entry left`);
	return entry;
}

const field = (docs: BoardDocs, body: string, id: string, key: string) => entriesMap(docs.body(body)).get(id)?.get(key);

function editText(body: string): Action['act'] {
	return (docs) => {
		const { id, text } = entryOf(docs, body);
		const m = mark();
		setEntryText(docs, id, `${text} ${m}`, USER);
		return (d) => String(field(d, body, id, 'text') ?? '').includes(m);
	};
}

const ACTIONS: Action[] = [
	{ name: 'edit the text of a SOMTC entry', doc: bodyDocName('SOMTC'), act: editText('SOMTC'), allowed: ['somtc', 'chair', 'secretariat'] },
	{ name: 'edit the text of a SOM-ED entry', doc: bodyDocName('SOM-ED'), act: editText('SOM-ED'), allowed: ['somed', 'secretariat'] },
	{
		name: 'delete a SOMTC entry',
		doc: bodyDocName('SOMTC'),
		act(docs) {
			const { id } = entryOf(docs, 'SOMTC');
			deleteEntry(docs, id, USER);
			return (d) => !entriesMap(d.body('SOMTC')).has(id);
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{
		name: 'move a SOM-ED entry to another cell',
		doc: bodyDocName('SOM-ED'),
		act(docs) {
			const { id, provision, category } = entryOf(docs, 'SOM-ED');
			const board = readBoard(docs);
			const to = {
				provision: board.provisions.find((p) => p.id !== provision)!.id,
				category: board.categories.find((c) => c.id !== category)!.id
			};
			moveEntry(docs, id, to.provision, to.category, USER);
			return (d) => field(d, 'SOM-ED', id, 'provision') === to.provision && field(d, 'SOM-ED', id, 'category') === to.category;
		},
		allowed: ['somed', 'secretariat']
	},
	{
		name: 'report the progress of a SOMTC entry',
		doc: bodyDocName('SOMTC'),
		act(docs) {
			const { id, progress } = entryOf(docs, 'SOMTC');
			const next = progress === 'ongoing' ? 'completed' : 'ongoing';
			setEntryProgress(docs, id, next, USER);
			return (d) => field(d, 'SOMTC', id, 'status') === next;
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{
		name: 'add an entry for SOM-ED',
		doc: bodyDocName('SOM-ED'),
		act(docs) {
			const board = readBoard(docs);
			const id = addEntry(
				docs,
				{ provision: board.provisions[0].id, category: board.categories[0].id, body: 'SOM-ED', text: `New ${mark()}` },
				USER
			);
			return (d) => entriesMap(d.body('SOM-ED')).has(id);
		},
		allowed: ['somed', 'secretariat']
	},
	{
		name: 'record agreement on a SOM-ED entry',
		doc: PLAN_DOC,
		act(docs, userId) {
			const { id } = readBoard(docs).entries.find((e) => e.body === 'SOM-ED' && !e.decision)!;
			setDecision(docs, id, 'agreed', { userId, meeting: null }, USER);
			return (d) => decisionsMap(d.plan).has(id);
		},
		allowed: ['chair', 'secretariat']
	},
	{
		name: 'set a lead',
		doc: PLAN_DOC,
		act(docs) {
			const board = readBoard(docs);
			const cell = board.provisions
				.flatMap((p) => board.categories.map((c) => ({ provision: p.id, category: c.id })))
				.find((c) => !(cellKey(c.provision, c.category) in board.leads))!;
			setLead(docs, cell.provision, cell.category, 'SOM-ED', USER);
			const key = cellKey(cell.provision, cell.category);
			return (d) => leadsMap(d.plan).get(key) === 'SOM-ED';
		},
		allowed: ['chair', 'secretariat']
	},
	{
		name: 'rename a category',
		doc: PLAN_DOC,
		act(docs) {
			const { id } = readBoard(docs).categories[1];
			const name = `Research Development ${mark()}`;
			renameCategory(docs, id, name, USER);
			return (d) => categoriesArray(d.plan).toArray().some((c) => c.get('id') === id && c.get('name') === name);
		},
		allowed: ['chair', 'secretariat']
	},
	{
		name: 'edit the board title',
		doc: PLAN_DOC,
		act(docs) {
			const title = `APA board ${mark()}`;
			setBoardMeta(docs, { title }, USER);
			return (d) => metaMap(d.plan).get('title') === title;
		},
		allowed: ['chair', 'secretariat']
	}
];

let bed: ReturnType<typeof serverTestBed>;
let server: TestServer;

/** One server and seeded database for the describe block it is called in. */
function useServer(): void {
	const block = serverTestBed({ scope: 'block' });
	beforeAll(async () => {
		bed = block;
		server = await block.start();
	});
}

beforeAll(() => {
	// Every refusal is logged as a warning; here they are expected.
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(() => {
	vi.restoreAllMocks();
});

function client(token: string): Promise<TestClient> {
	return bed.client(token);
}

/**
 * Resolves once the server has answered a sync step 1 sent now on one
 * document's channel. Messages of one document arrive in order, so anything
 * the server relayed on it before has been applied by then.
 */
function roundTrip(provider: WebsocketProvider): Promise<void> {
	const ws = provider.ws!;
	const previous = ws.onmessage;
	return new Promise((resolve) => {
		ws.onmessage = (event: MessageEvent) => {
			previous?.call(ws, event);
			const data = new Uint8Array(event.data as ArrayBuffer);
			if (data[0] !== 0 || data[1] !== syncProtocol.messageYjsSyncStep2) return;
			ws.onmessage = previous;
			resolve();
		};
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		syncProtocol.writeSyncStep1(e, provider.doc);
		ws.send(encoding.toUint8Array(e));
	});
}

/** The user each session token signs in (a decision names who records it: the writer). */
const userOfToken = new Map<string, number>();

/** Signs in one user per role, plus an observer who watches every case. */
function signInRoles(): { tokens: Record<Who, string>; watcher: string } {
	const ctx = server.running.ctx;
	const users = WHO.map((who) => [who, signIn(ctx, ROLES[who])] as const);
	for (const [, user] of users) userOfToken.set(user.token, user.id);
	const tokens = Object.fromEntries(users.map(([who, user]) => [who, user.token])) as Record<Who, string>;
	return { tokens, watcher: signIn(ctx, { role: 'observer', name: 'Watcher' }).token };
}

/**
 * A fresh client of `token` makes the change while a fresh observer watches;
 * checks that it went through everywhere, or was refused with 4403 on that
 * document alone and left no trace on the observer, the live documents or the disk.
 */
async function attempt(action: Action, token: string, watcherToken: string, expectAllowed: boolean): Promise<void> {
	const { rooms, store } = server.running.ctx;
	const watcher = await client(watcherToken);
	const actor = await client(token);
	const live = () => rooms.readDocs(APA_BOARD);
	const before = { board: readBoard(live()), seq: store.lastSeq(APA_BOARD) };
	const svOf = (docs: BoardDocs) => Y.encodeStateVector(docs.byName(action.doc)!);
	const beforeSv = svOf(live());

	let shows: Shows | undefined;
	let watcherSawIt = false;
	watcher.docs.byName(action.doc)!.on('update', () => {
		if (shows?.(watcher.docs)) watcherSawIt = true;
	});
	shows = action.act(actor.docs, userOfToken.get(token)!);
	expect(shows(actor.docs), 'the action changes the acting client’s own copy').toBe(true);
	expect(shows(live()), 'not before the server got it').toBe(false);

	if (expectAllowed) {
		await waitFor(() => shows!(watcher.docs), { what: `the observer to see "${action.name}"` });
		expect(shows(live())).toBe(true);
		expect(store.lastSeq(APA_BOARD)).toBeGreaterThan(before.seq);
		expect(shows(store.loadBoard(APA_BOARD)), 'stored: a reload from disk has it').toBe(true);
		expect(actor.closes).toEqual([]);
		return;
	}

	await waitFor(() => actor.closes.length > 0 || shows!(watcher.docs), { what: `"${action.name}" to be refused` });
	expect(actor.closes[0]).toMatchObject({ doc: action.doc, code: CLOSE_CODES.forbidden });
	// A 44xx close is permanent: y-websocket reports it through `closed` and stops reconnecting that document.
	expect(actor.terminal).toEqual([actor.closes[0]]);
	expect(actor.providers.get(action.doc)!.shouldConnect).toBe(false);
	// Only that document: the socket and the actor's other documents carry on.
	for (const [name, provider] of actor.providers) if (name !== action.doc) expect(provider.wsconnected, name).toBe(true);

	await roundTrip(watcher.providers.get(action.doc)!);
	expect(watcherSawIt).toBe(false);
	expect(shows(watcher.docs)).toBe(false);
	expect(svOf(live())).toEqual(beforeSv);
	expect(readBoard(live())).toEqual(before.board);
	expect(store.lastSeq(APA_BOARD)).toBe(before.seq);
	expect(shows(store.loadBoard(APA_BOARD))).toBe(false);
	const late = await client(watcherToken);
	expect(shows(late.docs), 'a client joining later never sees it').toBe(false);
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
		const { token } = signIn(server.running.ctx, PEOPLE.secretariat);
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
		const user = signIn(ctx, PEOPLE.somtc);
		const ok = await rawSocket(server.wsUrl, APA_BOARD, user.token);
		ok.ws.close();
		await waitFor(() => connections() === 0, { what: 'the socket to close' });

		ctx.sessions.invalidate(user.sessionId);
		expect(await refusedStatus(url(), authHeaders(user.token))).toBe(401);
		expect(connections()).toBe(0);
	});

	it('a deactivated user cannot connect, even with a session that was valid', async () => {
		const ctx = server.running.ctx;
		const user = signIn(ctx, PEOPLE.somed);
		expect(ctx.sessions.validate(user.token)).not.toBeNull();
		ctx.users.setActive(user.id, false);
		expect(await refusedStatus(url(), authHeaders(user.token))).toBe(401);
		expect(connections()).toBe(0);
	});

	it('rooms.disconnectUser closes every connection of that user with 4401; the client stops; others stay', async () => {
		const ctx = server.running.ctx;
		const alice = signIn(ctx, PEOPLE.somtc);
		const bob = signIn(ctx, PEOPLE.observer);
		const a1 = await client(alice.token);
		const a2 = await client(ctx.sessions.create(alice.id).token);
		const b = await client(bob.token);
		expect(connections()).toBe(3);

		ctx.rooms.disconnectUser(alice.id);
		await waitFor(() => a1.terminal.length > 0 && a2.terminal.length > 0, { what: 'both of Alice’s clients to be closed' });
		// The whole socket closed: every document's provider saw 4401.
		for (const a of [a1, a2]) {
			expect(a.terminal[0].code).toBe(CLOSE_CODES.unauthenticated);
			expect(Array.from(a.providers.values()).every((p) => !p.shouldConnect)).toBe(true);
		}
		expect(b.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		expect(b.closes).toEqual([]);
		await waitFor(() => connections() === 1, { what: 'the server to drop Alice’s connections' });
	});

	it('rooms.disconnectSession closes only the connections of that session with 4401', async () => {
		const ctx = server.running.ctx;
		const carol = signIn(ctx, PEOPLE.chair);
		const signedOut = await client(carol.token);
		const stays = await client(ctx.sessions.create(carol.id).token);

		ctx.sessions.invalidate(carol.sessionId);
		ctx.rooms.disconnectSession(carol.sessionId);
		await waitFor(() => signedOut.terminal.length > 0, { what: 'the signed-out client to be closed' });
		expect(signedOut.terminal[0].code).toBe(CLOSE_CODES.unauthenticated);
		expect(stays.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		expect(stays.closes).toEqual([]);
		// Reconnecting with the ended session is refused at the handshake.
		expect(await refusedStatus(url(), authHeaders(carol.token))).toBe(401);
	});
});
