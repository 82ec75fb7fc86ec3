import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { entriesMap } from '$lib/board/doc';
import { addEntry, appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { encodeBundle, encodeFrame } from '$lib/collab/mux-frame';
import { PLAN_DOC } from '$lib/board/doc';
import { rawSocket, SEEDED_BODIES, syncedClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

const KEYSTROKES = 50;

const bed = serverTestBed();

/** The document the entries of these tests live in (helpers/board-edits.ts adds SOMTC entries). */
const SOMTC_DOC = 'body:SOMTC';

/** True for a sync update message (type 0, step 2 or update), as the server relays them. */
function isUpdateMessage(message: Uint8Array): boolean {
	const decoder = decoding.createDecoder(message);
	return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0;
}

/** The update a sync update message carries. */
function updateOf(message: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}

/** Sync step 1 of `doc` (default: an empty one, which opens a channel and asks for the whole document). */
function syncStep1(doc = new Y.Doc()): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeSyncStep1(e, doc);
	return encoding.toUint8Array(e);
}

/** A document holding one struct of its own: its sync step 1 says the client holds something. */
function holdingSomething(): Y.Doc {
	const doc = new Y.Doc();
	doc.getMap('local').set('k', 'v');
	return doc;
}

/** Per document, the message types of the frames received ([0, 0] sync step 1, [0, 1] sync step 2). */
function framesOf(raw: { received: { docName: string; payload: Uint8Array }[] }, name: string): number[][] {
	return raw.received.filter((f) => f.docName === name).map((f) => [f.payload[0], f.payload[1]]);
}

describe('group commit', () => {
	it('a burst is stored update by update and relayed merged: fewer messages, same content, no echo', async () => {
		const server = await bed.start();
		const { ctx } = server.running;
		const token = signIn(ctx, PEOPLE.somtc).token;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token });
		const other = await syncedClient(server.wsUrl, APA_BOARD, { token });
		bed.clients.push(writer, other);
		const id = addEntry(writer.docs, 'burst:');
		await waitFor(() => entryText(other.docs, id) === 'burst:', { what: 'the entry to arrive' });
		// A raw listener on the entries' document: a channel opens with its first frame.
		const listener = await rawSocket(server.wsUrl, APA_BOARD, signIn(ctx, PEOPLE.observer).token);
		listener.send(SOMTC_DOC, syncStep1());
		await waitFor(() => listener.received.some((f) => f.docName === SOMTC_DOC && isUpdateMessage(f.payload)), {
			what: 'the listener to get the document'
		});
		const from = listener.received.length;
		const relayed = () => listener.received.slice(from).filter((f) => f.docName === SOMTC_DOC && isUpdateMessage(f.payload)).length;
		let echoed = 0;
		const provider = writer.providers.get(SOMTC_DOC);
		writer.body('SOMTC').on('update', (_u: Uint8Array, origin: unknown) => origin === provider && echoed++);
		const seqBefore = ctx.store.lastSeq(APA_BOARD);

		// One keystroke per transaction, all in one tick: KEYSTROKES frames that reach the server together.
		for (let k = 0; k < KEYSTROKES; k++) appendText(writer.docs, id, String(k % 10));
		const typed = entryText(writer.docs, id);
		await waitFor(() => entryText(other.docs, id) === typed, { what: 'the burst to reach the other client' });

		// Every update is its own row in the log (history and versions count on that)…
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore + KEYSTROKES);
		// …but the others got it in fewer, merged messages, and the writer got nothing back.
		// The listener got all of it: its messages, applied in order, hold the whole text.
		await waitFor(
			() => {
				const heard = new Y.Doc();
				for (const f of listener.received) if (f.docName === SOMTC_DOC && isUpdateMessage(f.payload)) Y.applyUpdate(heard, updateOf(f.payload));
				return entriesMap(heard).get(id)?.get('text')?.toString() === typed;
			},
			{ what: 'the listener to get the burst' }
		);
		expect(relayed()).toBeLessThan(KEYSTROKES);
		expect(echoed).toBe(0);
		listener.ws.terminate();
	});

	it('edits to several documents of a board in one event-loop turn are stored in one commit, and all arrive', async () => {
		const server = await bed.start();
		const { ctx } = server.running;
		const token = signIn(ctx, PEOPLE.secretariat).token;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token });
		const other = await syncedClient(server.wsUrl, APA_BOARD, { token });
		bed.clients.push(writer, other);
		const bodies = ['SOMTC', 'SOM-ED', 'ACWC', 'SLOM'];
		const ids = bodies.map((body) => firstEntryId(writer.docs, body));
		const commits = vi.spyOn(ctx.store, 'transaction');
		const seqBefore = ctx.store.lastSeq(APA_BOARD);

		// One tick: the client bundles the four documents' updates into one message, the server reads them in one turn.
		ids.forEach((id) => appendText(writer.docs, id, ' [one commit]'));
		await waitFor(() => ids.every((id) => entryText(other.docs, id)?.endsWith(' [one commit]')), { what: 'all four edits to arrive' });

		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore + bodies.length);
		expect(commits).toHaveBeenCalledTimes(1);
		commits.mockRestore();
	});
});

describe('opening a board', () => {
	const names = [PLAN_DOC, ...SEEDED_BODIES.map((code) => `body:${code}`)];

	/** An observer's raw socket that sends every document's first message (`stepOne()`) in one bundle; `messages()` counts what came back. */
	async function openBoard(stepOne: () => Uint8Array) {
		const server = await bed.start();
		const raw = await rawSocket(server.wsUrl, APA_BOARD, signIn(server.running.ctx, PEOPLE.observer).token);
		let messages = 0;
		raw.ws.on('message', () => messages++);
		raw.ws.send(encodeBundle(names.map((name) => encodeFrame(name, stepOne()))));
		return { raw, messages: () => messages };
	}

	it('is answered in one message: every document\'s whole content, asking nothing of a client that holds nothing', async () => {
		// As a browser opens a board it has not stored: every provider's sync step 1, of an empty document, in one bundle.
		const { raw, messages } = await openBoard(() => syncStep1());
		const stepTwo = (name: string) => raw.received.find((f) => f.docName === name && f.payload[0] === 0 && f.payload[1] === 1);
		await waitFor(() => names.every(stepTwo), { what: 'every document\'s sync step 2' });
		expect(messages()).toBe(1);
		// An empty state vector: the client has nothing the server lacks, so it is not asked (no sync step 1).
		for (const name of names) expect(framesOf(raw, name), name).toEqual([[0, 1]]);
		// The answers are the documents themselves: the SOMTC body's holds its entries.
		const somtc = new Y.Doc();
		Y.applyUpdate(somtc, updateOf(stepTwo(SOMTC_DOC)!.payload));
		expect(entriesMap(somtc).size).toBeGreaterThan(0);
		raw.ws.close();
	});

	it('asks a client that holds something for what the server lacks: sync step 1, then the missing content, in one message', async () => {
		// A browser that stored the board: its copies have content (here one struct of its own in each).
		const { raw, messages } = await openBoard(() => syncStep1(holdingSomething()));
		await waitFor(() => names.every((name) => framesOf(raw, name).some(([, step]) => step === 1)), { what: 'every document\'s sync step 2' });
		expect(messages()).toBe(1);
		for (const name of names) {
			const frames = framesOf(raw, name);
			expect(frames[0], name).toEqual([0, 0]);
			expect(frames.at(-1), name).toEqual([0, 1]);
		}
		raw.ws.close();
	});

	it('greets with the state vector of the document as it is now, after every change', async () => {
		const server = await bed.start();
		const { ctx } = server.running;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token: signIn(ctx, PEOPLE.secretariat).token });
		bed.clients.push(writer);
		const observer = signIn(ctx, PEOPLE.observer).token;
		const greeting = async () => {
			const raw = await rawSocket(server.wsUrl, APA_BOARD, observer);
			// A client holding a copy is greeted with the server's sync step 1.
			raw.send(SOMTC_DOC, syncStep1(holdingSomething()));
			await waitFor(() => raw.received.some((f) => f.payload[1] === 1), { what: 'the sync step 2' });
			raw.ws.close();
			const decoder = decoding.createDecoder(raw.received[0].payload);
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
			return decoding.readVarUint8Array(decoder);
		};
		expect(await greeting()).toEqual(Y.encodeStateVector(writer.body('SOMTC')));
		const id = firstEntryId(writer.docs, 'SOMTC');
		for (const word of [' one', ' two']) {
			const seq = ctx.store.lastSeq(APA_BOARD);
			appendText(writer.docs, id, word);
			await waitFor(() => ctx.store.lastSeq(APA_BOARD) > seq, { what: `the server to store "${word}"` });
			// The writer is the only one editing: its state vector is the server's.
			expect(await greeting()).toEqual(Y.encodeStateVector(writer.body('SOMTC')));
		}
	});

	it('answers a sync step 1 that follows an update in one message after the update, with it', async () => {
		const server = await bed.start();
		const raw = await rawSocket(server.wsUrl, APA_BOARD, signIn(server.running.ctx, PEOPLE.secretariat).token);
		raw.send(SOMTC_DOC, syncStep1());
		await waitFor(() => raw.received.some((f) => f.payload[1] === 1), { what: 'the first sync step 2' });
		const copy = new Y.Doc();
		Y.applyUpdate(copy, updateOf(raw.received.find((f) => f.payload[1] === 1)!.payload));
		const before = Y.encodeStateVector(copy);
		const [id, entry] = [...entriesMap(copy).entries()][0];
		(entry.get('text') as Y.Text).insert(0, '[first] ');
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, 0);
		syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(copy, before));
		raw.received.length = 0;
		// The update may write, so it waits for the board's batch; the sync step 1 behind it must wait too.
		raw.ws.send(encodeBundle([encodeFrame(SOMTC_DOC, encoding.toUint8Array(update)), encodeFrame(SOMTC_DOC, syncStep1())]));
		await waitFor(() => raw.received.some((f) => f.payload[1] === 1), { what: 'the second sync step 2' });
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, updateOf(raw.received.find((f) => f.payload[1] === 1)!.payload));
		expect(String(entriesMap(fresh).get(id)!.get('text'))).toMatch(/^\[first\] /);
		raw.ws.close();
	});
});
