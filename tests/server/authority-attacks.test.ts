import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { BoardDocs, bodyDocName, decisionsMap, entriesMap, mapOf, PLAN_DOC, type TransactionOrigin } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { connectClient, rawSocket, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Attacks an outside audit ran against the first release (one shared document
// and an update inspector), run again against documents per authority
// boundary. For each: refused with the documented close code, nothing
// applied, stored or relayed, a fresh client and a restarted server see the
// board unchanged, and the victim's edits all arrive.

const USER: TransactionOrigin = { source: 'user' };
const SOMED = bodyDocName('SOM-ED');
const bed = serverTestBed();

beforeAll(() => {
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

function syncMessage(type: number, update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, type);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** Sends a raw y-websocket message on one document's channel of a stock client's socket. */
function sendOn(client: TestClient, docName: string, message: Uint8Array): void {
	client.providers.get(docName)!.ws!.send(message);
}

/** A board's state as a fresh client and the disk see it. */
async function boardSeenFresh(token: string) {
	const fresh = await bed.client(token);
	return readBoard(fresh.docs);
}

async function setUp() {
	const server = await bed.start();
	const ctx = server.running.ctx;
	const users = {
		victim: signIn(ctx, { role: 'delegate', body: 'SOM-ED', name: 'Edna (victim)' }),
		attacker: signIn(ctx, { role: 'delegate', body: 'SOM-ED', name: 'Mallory (attacker)' }),
		somtc: signIn(ctx, { role: 'delegate', body: 'SOMTC' }),
		observer: signIn(ctx, { role: 'observer' })
	};
	return { server, ctx, users };
}

/** An update made under someone else's Yjs client id, continuing their clock in `docName`. */
function squatted(serverDoc: Y.Doc, clientId: number, change: (doc: Y.Doc) => void): Uint8Array {
	const evil = new Y.Doc();
	Y.applyUpdate(evil, Y.encodeStateAsUpdate(serverDoc));
	// After the state: Yjs picks a new client id when a remote update brings structs of its own.
	evil.clientID = clientId;
	const before = Y.encodeStateVector(evil);
	change(evil);
	return Y.encodeStateAsUpdate(evil, before);
}

function aSomEdEntry(docs: BoardDocs): string {
	return firstEntryId(docs, 'SOM-ED');
}

describe('client-id squatting', () => {
	it('live: an update under another delegate’s client id is refused (4403); the victim keeps typing', async () => {
		const { ctx, users } = await setUp();
		const victim = await bed.client(users.victim.token);
		const attacker = await bed.client(users.attacker.token);
		const id = aSomEdEntry(victim.docs);
		appendText(victim.docs, id, ' V1');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), id)?.endsWith(' V1'), { what: 'the victim’s first keystroke stored' });
		const victimId = victim.body('SOM-ED').clientID;
		const live = ctx.rooms.loaded(APA_BOARD, SOMED)!.doc;
		const seq = ctx.store.lastSeq(APA_BOARD);

		const forged = squatted(live, victimId, (doc) => {
			const text = entriesMap(doc).get(id)!.get('text') as Y.Text;
			doc.transact(() => text.insert(text.length, ' FORGED'), USER);
		});
		sendOn(attacker, SOMED, syncMessage(syncProtocol.messageYjsUpdate, forged));
		await waitFor(() => attacker.terminal.length > 0, { what: 'the forged update to be refused' });
		expect(attacker.terminal[0]).toMatchObject({ doc: SOMED, code: CLOSE_CODES.forbidden });
		expect(attacker.terminal[0].reason).toMatch(/client id/);
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seq);
		expect(entryText(ctx.rooms.readDocs(APA_BOARD), id)).not.toMatch(/FORGED/);

		appendText(victim.docs, id, ' V2');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), id)?.endsWith(' V1 V2'), { what: 'the victim’s next keystroke' });
		expect(victim.closes).toEqual([]);
		expect(await boardSeenFresh(users.observer.token)).toEqual(readBoard(victim.docs));
	});

	it('offline: a squat on an offline victim’s next clock is refused; the victim’s offline edits all arrive on reconnect', async () => {
		const { ctx, users } = await setUp();
		const victim = await bed.client(users.victim.token);
		const attacker = await bed.client(users.attacker.token);
		const id = aSomEdEntry(victim.docs);
		appendText(victim.docs, id, ' online');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), id)?.endsWith(' online'), { what: 'the online edit' });
		for (const p of victim.providers.values()) p.disconnect();
		appendText(victim.docs, id, ' offline-1');
		appendText(victim.docs, id, ' offline-2');

		const live = ctx.rooms.loaded(APA_BOARD, SOMED)?.doc ?? ctx.rooms.readDocs(APA_BOARD).body('SOM-ED');
		const forged = squatted(live, victim.body('SOM-ED').clientID, (doc) => {
			const text = entriesMap(doc).get(id)!.get('text') as Y.Text;
			doc.transact(() => text.insert(text.length, ' SPLICED'), USER);
		});
		sendOn(attacker, SOMED, syncMessage(syncProtocol.messageYjsUpdate, forged));
		await waitFor(() => attacker.terminal.length > 0, { what: 'the squat to be refused' });
		expect(attacker.terminal[0].code).toBe(CLOSE_CODES.forbidden);

		for (const p of victim.providers.values()) p.connect();
		await victim.synced();
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), id)?.endsWith(' online offline-1 offline-2'), {
			what: 'the victim’s offline edits on the server'
		});
		expect(entryText(victim.docs, id)).not.toMatch(/SPLICED/);
		await bed.start();
		expect(entryText(ctx.store.loadBoard(APA_BOARD), id)).toMatch(/ online offline-1 offline-2$/);
	});

	it('a client id reused in another document binds nothing there: each document has its own owners', async () => {
		const { ctx, users } = await setUp();
		const somtc = await bed.client(users.somtc.token);
		const attacker = await bed.client(users.attacker.token);
		const somtcEntry = firstEntryId(somtc.docs, 'SOMTC');
		appendText(somtc.docs, somtcEntry, ' mine');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), somtcEntry)?.endsWith(' mine'), { what: 'SOMTC’s edit' });
		// The attacker writes its own document under the SOMTC delegate's id: allowed there, and no harm to SOMTC's.
		const forged = squatted(ctx.rooms.loaded(APA_BOARD, SOMED)!.doc, somtc.body('SOMTC').clientID, (doc) => {
			const text = entriesMap(doc).get(aSomEdEntry(attacker.docs))!.get('text') as Y.Text;
			doc.transact(() => text.insert(0, '* '), USER);
		});
		sendOn(attacker, SOMED, syncMessage(syncProtocol.messageYjsUpdate, forged));
		appendText(somtc.docs, somtcEntry, ' still mine');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), somtcEntry)?.endsWith(' mine still mine'), { what: 'SOMTC keeps writing' });
		expect(somtc.closes).toEqual([]);
	});
});

describe('integrity inside a document one may write', () => {
	it('a Y.Map nested 3,000 deep in an entry’s note is refused (4422); the board keeps working and loads after a restart', async () => {
		const { ctx, users } = await setUp();
		const attacker = await bed.client(users.attacker.token);
		const honest = await bed.client(users.victim.token);
		const id = aSomEdEntry(attacker.docs);
		const note = readBoard(attacker.docs).entries.find((e) => e.id === id)!.note;
		const doc = attacker.body('SOM-ED');
		doc.transact(() => {
			// Nested level by level into the integrated map (a prelim tree would integrate recursively).
			let inner = new Y.Map<unknown>();
			entriesMap(doc).get(id)!.set('note', inner);
			for (let i = 0; i < 3000; i++) {
				const next = new Y.Map<unknown>();
				inner.set('x', next);
				inner = next;
			}
		}, USER);
		await waitFor(() => attacker.terminal.length > 0, { what: 'the nesting bomb to be refused' });
		expect(attacker.terminal[0]).toMatchObject({ doc: SOMED, code: CLOSE_CODES.doesNotFit });

		appendText(honest.docs, id, ' after the bomb');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), id)?.endsWith(' after the bomb'), { what: 'an honest edit' });
		await bed.start();
		const reloaded = await bed.client(users.observer.token);
		expect(entryText(reloaded.docs, id)).toMatch(/ after the bomb$/);
		expect(readBoard(reloaded.docs).entries.find((e) => e.id === id)?.note).toBe(note);
	});

	it('a field the data model lacks (an entry’s `body`, re-attributing it) is refused (4422), even for the secretariat', async () => {
		const { ctx } = await setUp();
		const secretariat = await bed.client(signIn(ctx, { role: 'secretariat' }).token);
		const id = aSomEdEntry(secretariat.docs);
		const doc = secretariat.body('SOM-ED');
		doc.transact(() => entriesMap(doc).get(id)!.set('body', 'SOMTC'), USER);
		await waitFor(() => secretariat.terminal.length > 0, { what: 'the refusal' });
		expect(secretariat.terminal[0]).toMatchObject({ doc: SOMED, code: CLOSE_CODES.doesNotFit });
		expect(entriesMap(ctx.rooms.readDocs(APA_BOARD).body('SOM-ED')).get(id)?.has('body')).toBe(false);
	});

	it('a decision recorded in someone else’s name, or dated in the future, is refused (4422); one in one’s own name is kept', async () => {
		const { ctx } = await setUp();
		const chairUser = signIn(ctx, { role: 'chair' });
		const secretariat = signIn(ctx, { role: 'secretariat' });
		const chair = await bed.client(chairUser.token);
		const id = aSomEdEntry(chair.docs);
		const decide = (fields: Record<string, unknown>) =>
			chair.plan.transact(() => decisionsMap(chair.plan).set(id, mapOf({ state: 'agreed', meeting: null, ...fields }) as Y.Map<unknown>), USER);
		const stored = () => decisionsMap(ctx.rooms.readDocs(APA_BOARD).plan).get(id)?.toJSON();

		decide({ by: secretariat.id, at: Date.now() });
		await waitFor(() => chair.terminal.length > 0, { what: 'the refusal' });
		expect(chair.terminal[0]).toMatchObject({ doc: PLAN_DOC, code: CLOSE_CODES.doesNotFit });
		expect(chair.terminal[0].reason).toMatch(/by must be the id of the person writing it/);
		expect(stored()).toBeUndefined();

		const again = await bed.client(chairUser.token);
		again.plan.transact(() => decisionsMap(again.plan).set(id, mapOf({ state: 'agreed', by: chairUser.id, at: Date.now() + 3_600_000, meeting: null }) as Y.Map<unknown>), USER);
		await waitFor(() => again.terminal.length > 0, { what: 'the refusal of a future date' });
		expect(again.terminal[0].reason).toMatch(/at must be a time not in the future/);
		expect(stored()).toBeUndefined();

		const honest = await bed.client(chairUser.token);
		const at = Date.now();
		honest.plan.transact(() => decisionsMap(honest.plan).set(id, mapOf({ state: 'agreed', by: chairUser.id, at, meeting: null }) as Y.Map<unknown>), USER);
		await waitFor(() => stored() !== undefined, { what: 'the honest decision stored' });
		expect(stored()).toMatchObject({ state: 'agreed', by: chairUser.id, at });
		expect(honest.terminal).toEqual([]);
	});

	it('a Yjs v2-encoded update is refused with 4400, not taken as an empty one', async () => {
		const { ctx, users } = await setUp();
		const attacker = await bed.client(users.attacker.token);
		const id = aSomEdEntry(attacker.docs);
		const doc = attacker.body('SOM-ED');
		const provider = attacker.providers.get(SOMED)!;
		// Stop the provider sending the change itself; send it v2-encoded instead.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(copy);
		const text = entriesMap(copy).get(id)!.get('text') as Y.Text;
		copy.transact(() => text.insert(0, 'v2 text '), USER);
		const seq = ctx.store.lastSeq(APA_BOARD);
		provider.ws!.send(syncMessage(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdateV2(copy, before)));
		await waitFor(() => attacker.terminal.length > 0, { what: 'the v2 update to be refused' });
		expect(attacker.terminal[0]).toMatchObject({ doc: SOMED, code: CLOSE_CODES.malformed });
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seq);
		expect(entryText(ctx.rooms.readDocs(APA_BOARD), id)).not.toMatch(/v2 text/);
	});
});

describe('presence tied to the session', () => {
	it('an unmodified client claiming to be "Sam Secretariat" appears under its own session’s name', async () => {
		const { ctx, users } = await setUp();
		const impostor = await bed.client(users.attacker.token);
		const watcher = await bed.client(users.observer.token);
		impostor.awareness.setLocalStateField('user', { id: 1, name: 'Sam Secretariat', body: null, role: 'secretariat' });
		await waitFor(() => watcher.awareness.getStates().get(impostor.awareness.clientID)?.user, { what: 'the impostor’s presence' });
		const seen = watcher.awareness.getStates().get(impostor.awareness.clientID)!.user;
		expect(seen).toEqual({ id: users.attacker.id, name: 'Mallory (attacker)', body: 'SOM-ED', role: 'delegate' });
		expect(ctx.rooms.loaded(APA_BOARD, PLAN_DOC)!.awareness!.getStates().get(impostor.awareness.clientID)!.user.name).toBe('Mallory (attacker)');
	});

	it('one connection cannot overwrite another’s presence; a 24,000-state flood is refused and relayed to nobody', async () => {
		const { server, users } = await setUp();
		const victim = await bed.client(users.victim.token);
		victim.awareness.setLocalStateField('cell', 'A.a|training');
		const watcher = await bed.client(users.observer.token);
		await waitFor(() => watcher.awareness.getStates().get(victim.awareness.clientID)?.cell === 'A.a|training', { what: 'the victim’s presence' });

		const raw = await rawSocket(server.wsUrl, APA_BOARD, users.attacker.token);
		// A channel opens with its sync step 1, as a provider's does.
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, 0);
		syncProtocol.writeSyncStep1(step1, new Y.Doc());
		raw.send(PLAN_DOC, encoding.toUint8Array(step1));
		const fake = new awarenessProtocol.Awareness(new Y.Doc());
		fake.clientID = victim.awareness.clientID;
		fake.setLocalState({ cell: 'D.z|hijacked', user: { name: 'Edna (victim)' } });
		const hijack = encoding.createEncoder();
		encoding.writeVarUint(hijack, 1);
		encoding.writeVarUint8Array(hijack, awarenessProtocol.encodeAwarenessUpdate(fake, [fake.clientID], new Map([[fake.clientID, { clock: 99, lastUpdated: 0 }]])));
		raw.send(PLAN_DOC, encoding.toUint8Array(hijack));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(watcher.awareness.getStates().get(victim.awareness.clientID)?.cell).toBe('A.a|training');

		const flood = encoding.createEncoder();
		encoding.writeVarUint(flood, 1);
		const states = encoding.createEncoder();
		encoding.writeVarUint(states, 24_000);
		const filler = JSON.stringify({ user: { name: 'x'.repeat(40) }, cell: 'A.a|training' });
		for (let i = 0; i < 24_000; i++) {
			encoding.writeVarUint(states, 1_000_000 + i);
			encoding.writeVarUint(states, 1);
			encoding.writeVarString(states, filler);
		}
		encoding.writeVarUint8Array(flood, encoding.toUint8Array(states));
		const frame = encoding.toUint8Array(flood);
		expect(frame.length).toBeGreaterThan(1_500_000);
		raw.send(PLAN_DOC, frame);
		expect((await raw.closed).code).toBe(CLOSE_CODES.forbidden);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(watcher.awareness.getStates().size).toBeLessThan(5);
		expect(server.running.ctx.rooms.loaded(APA_BOARD, PLAN_DOC)!.awareness!.getStates().size).toBeLessThan(5);
	});

	it('a connection’s presence vanishes with it', async () => {
		const { users } = await setUp();
		const leaving = await bed.client(users.victim.token);
		leaving.awareness.setLocalStateField('cell', 'B.a|research');
		const watcher = await bed.client(users.observer.token);
		await waitFor(() => watcher.awareness.getStates().has(leaving.awareness.clientID), { what: 'the presence' });
		const id = leaving.awareness.clientID;
		for (const p of leaving.providers.values()) p.disconnect();
		await waitFor(() => !watcher.awareness.getStates().has(id), { what: 'the presence to vanish' });
	});
});

describe('clients recover instead of dying', () => {
	it('a copy holding another body’s changes the server lacks: that document is refused alone, the client’s own unsent edits arrive', async () => {
		const { ctx, users } = await setUp();
		// A delegate's browser kept a copy from before a restore: another body's entry the server no longer has.
		const stale = new BoardDocs();
		const first = await bed.client(users.victim.token);
		for (const [name, doc] of first.docs.named()) Y.applyUpdate(stale.byName(name)!, Y.encodeStateAsUpdate(doc));
		first.destroy();
		const somtcDoc = stale.body('SOMTC');
		somtcDoc.transact(() => entriesMap(somtcDoc).get(firstEntryId(stale, 'SOMTC'))!.set('note', 'from the lost backup'), USER);
		const ownId = aSomEdEntry(stale);
		appendText(stale, ownId, ' typed offline');

		const back = connectClient(bed.server!.wsUrl, APA_BOARD, { token: users.victim.token, docs: stale });
		bed.clients.push(back);
		await waitFor(() => back.terminal.some((t) => t.doc === bodyDocName('SOMTC')), { what: 'the SOMTC copy to be refused' });
		expect(back.terminal.find((t) => t.doc === bodyDocName('SOMTC'))!.code).toBe(CLOSE_CODES.forbidden);
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), ownId)?.endsWith(' typed offline'), { what: 'the own edits on the server' });
		expect(back.terminal.filter((t) => t.doc !== bodyDocName('SOMTC'))).toEqual([]);
		expect(readBoard(ctx.rooms.readDocs(APA_BOARD)).entries.some((e) => e.note === 'from the lost backup')).toBe(false);
	});
});

