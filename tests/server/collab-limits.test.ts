import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { entriesMap, mapOf, PLAN_DOC } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { decodeControl, decodeMessage, encodeBundle, encodeFrame, MuxFrameError } from '$lib/collab/mux-frame';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { addEntry, entryText } from '../helpers/board-edits';
import { rawSocket, refusedStatus, syncedClient, type RawSocket, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn, type TestServer } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

const MAX_MESSAGE = 64 * 1024;
/**
 * Messages a socket may send at once: one socket carries the plan and ten
 * bodies' documents, and opening them costs a client some 25 messages
 * (sync step 1 and 2 of each, its presence), which must pass.
 */
const RATE_BURST = 60;

const bed = serverTestBed();
let server: TestServer;
/** The bystanders: SOMTC delegates, who may add the SOMTC entries they co-edit. */
let writer: string;
/** The misbehaving sockets: signed in, so what refuses them is the limit under test and not the handshake. */
let misbehaving: string;

const LIMITS = { maxMessageBytes: MAX_MESSAGE, rateBurst: RATE_BURST, ratePerSecond: 1 };

beforeEach(async () => {
	// Every refusal is logged as a warning; here they are expected.
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	server = await bed.start({ collab: LIMITS });
	writer = signIn(server.running.ctx, PEOPLE.somtc).token;
	misbehaving = signIn(server.running.ctx, PEOPLE.secretariat).token;
});

afterEach(() => vi.restoreAllMocks());

/** Two y-websocket clients that must keep co-editing whatever the bad socket does. */
async function bystanders(): Promise<[TestClient, TestClient]> {
	const a = await syncedClient(server.wsUrl, APA_BOARD, { token: writer });
	const b = await syncedClient(server.wsUrl, APA_BOARD, { token: writer });
	bed.clients.push(a, b);
	return [a, b];
}

async function stillCoEditing([a, b]: [TestClient, TestClient], text: string): Promise<void> {
	const id = addEntry(a.docs, text);
	await waitFor(() => entryText(b.docs, id) === text, { what: `"${text}" to reach the other client` });
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

/** A y-websocket sync message (type 0) of `step` carrying `payload`. */
const syncMessage = (step: number, payload: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, step);
		encoding.writeVarUint8Array(e, payload);
	});

const SYNC_STEP1_EMPTY = syncMessage(0, Y.encodeStateVector(new Y.Doc()));

/**
 * Frames of the multiplexed socket that are not frames (`src/lib/collab/mux-frame.ts`):
 * each must close (only) its socket with 4400.
 */
const BAD_FRAMES: Record<string, Uint8Array | string> = {
	'random bytes': Uint8Array.from({ length: 64 }, (_, i) => (i * 89 + 17) % 256),
	'text frame': 'hello',
	'a document name and no message': frame((e) => encoding.writeVarString(e, PLAN_DOC)),
	'a document name that is not UTF-8': new Uint8Array([2, 0xff, 0xfe, 3]),
	'a document name longer than 128 bytes': frame((e) => {
		encoding.writeVarString(e, 'x'.repeat(129));
		encoding.writeVarUint(e, 3);
	}),
	'a control frame with an unknown op': frame((e) => {
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 9);
	}),
	'a CLOSE with trailing bytes': frame((e) => {
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 0);
		encoding.writeVarString(e, PLAN_DOC);
		encoding.writeVarUint(e, 1000);
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 7);
	}),
	'a bundle inside a bundle': frame((e) => {
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, encodeBundle([encodeFrame(PLAN_DOC, new Uint8Array([3]))]));
	}),
	'a bundle with trailing bytes': Uint8Array.from([...encodeBundle([encodeFrame(PLAN_DOC, new Uint8Array([3]))]), 0]),
	'a bundle counting more frames than it has': frame((e) => {
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 3);
		encoding.writeVarUint8Array(e, encodeFrame(PLAN_DOC, new Uint8Array([3])));
	}),
	'a bundle of more than 1024 frames': frame((e) => {
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1025);
	}),
	'a bundle holding random bytes': encodeBundle([Uint8Array.from({ length: 16 }, (_, i) => (i * 89 + 17) % 256)])
};

/**
 * Well-framed messages of a document that are not y-websocket messages:
 * each must close its whole socket with 4400 (a client sending them is broken).
 */
const BAD_MESSAGES: Record<string, Uint8Array> = {
	'unknown message type': new Uint8Array([7, 1, 2]),
	'unknown sync step': new Uint8Array([0, 7, 1, 2, 3]),
	'sync message without a step': new Uint8Array([0]),
	'update without its length': new Uint8Array([0, 2]),
	'update shorter than its length': new Uint8Array([0, 2, 50, 1, 2, 3]),
	'state vector that does not decode': new Uint8Array([0, 0, 3, 5, 255, 255]),
	'trailing bytes': new Uint8Array([3, 0, 0])
};

const UNDECODABLE_UPDATE = new Uint8Array([1, 1, 1, 1, 9, 9]);

/** A real update of a body's document: an entry, as a delegate's client would send it. */
function entryUpdate(encode: (doc: Y.Doc) => Uint8Array): Uint8Array {
	const doc = new Y.Doc();
	entriesMap(doc).set('limits-entry', mapOf({ provision: 'A.a', category: 'research', text: new Y.Text('hi'), status: 'proposed', uncertain: false, order: 1 }));
	return encode(doc);
}

/**
 * Well-formed messages carrying an update that is not exactly a Yjs v1 update:
 * each must close only that document's channel with 4400; the socket stays.
 */
const BAD_UPDATES: Record<string, Uint8Array> = {
	'an update that Y.decodeUpdate rejects': UNDECODABLE_UPDATE,
	'a Yjs v2 update': entryUpdate((doc) => Y.encodeStateAsUpdateV2(doc)),
	'a v1 update with trailing bytes': entryUpdate((doc) => Uint8Array.from([...Y.encodeStateAsUpdate(doc), 0, 0]))
};

/** Decodes a frame as the server reads it: a document's message, or a control message. */
function decodeMuxFrame(data: Uint8Array): void {
	for (const { docName, payload } of decodeMessage(data)) if (docName === '') decodeControl(payload);
}

/** The CLOSE control frames a raw socket received, decoded. */
function closesReceived(socket: RawSocket) {
	return socket.received.filter((f) => f.docName === '').map((f) => decodeControl(f.payload));
}

/** True once the socket got a sync step 2 (the answer to a step 1) on `docName`. */
function answered(socket: RawSocket, docName: string): boolean {
	return socket.received.some((f) => f.docName === docName && f.payload[0] === 0 && f.payload[1] === 1);
}

/** What a refusal must leave as it was: the stored log, the live board, the bystanders' connections. */
function unchanged(pair: [TestClient, TestClient]) {
	const { store, rooms } = server.running.ctx;
	const seqBefore = store.lastSeq(APA_BOARD);
	const boardBefore = readBoard(rooms.readDocs(APA_BOARD));
	return async (text: string) => {
		expect(store.lastSeq(APA_BOARD)).toBe(seqBefore);
		expect(readBoard(rooms.readDocs(APA_BOARD))).toEqual(boardBefore);
		expect(pair.every((c) => Array.from(c.providers.values()).every((p) => p.wsconnected))).toBe(true);
		await stillCoEditing(pair, text);
	};
}

describe('limits and malformed input', () => {
	it('closes a connection sending more than maxMessageBytes with 1009, and only that one', async () => {
		const pair = await bystanders();
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		bad.ws.send(new Uint8Array(MAX_MESSAGE + 1));
		expect((await bad.closed).code).toBe(CLOSE_CODES.tooBig);
		await stillCoEditing(pair, 'after the oversized frame');
	});

	it.each(Object.entries(BAD_FRAMES))('closes a connection sending %s with 4400; nothing is stored', async (_name, data) => {
		if (typeof data !== 'string') expect(() => decodeMuxFrame(data)).toThrow(MuxFrameError);
		const pair = await bystanders();
		const check = unchanged(pair);
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		bad.ws.send(data, { binary: typeof data !== 'string' });
		expect((await bad.closed).code).toBe(CLOSE_CODES.malformed);
		await check('after the bad frame');
	});

	it.each(Object.entries(BAD_MESSAGES))('closes a connection sending a document %s with 4400; nothing is stored', async (_name, message) => {
		const pair = await bystanders();
		const check = unchanged(pair);
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		// A channel that works first: the bad message then ends the whole socket, not just its document.
		bad.send('body:SOMTC', SYNC_STEP1_EMPTY);
		await waitFor(() => answered(bad, 'body:SOMTC'), { what: 'the first channel to open' });
		bad.send('body:SOMTC', message);
		expect((await bad.closed).code).toBe(CLOSE_CODES.malformed);
		await check('after the bad message');
	});

	it.each(Object.entries(BAD_UPDATES))("closes only the channel of a document sent %s, with 4400; nothing is stored", async (_name, update) => {
		if (update === UNDECODABLE_UPDATE) expect(() => Y.decodeUpdate(UNDECODABLE_UPDATE)).toThrow();
		const pair = await bystanders();
		const check = unchanged(pair);
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		// A channel opens with its sync step 1; the bad update follows on it.
		bad.send('body:SOMTC', SYNC_STEP1_EMPTY);
		bad.send('body:SOMTC', syncMessage(2, update));
		await waitFor(() => closesReceived(bad).length > 0, { what: 'the channel to be closed' });
		expect(closesReceived(bad)).toEqual([{ op: 'close', docName: 'body:SOMTC', code: CLOSE_CODES.malformed, reason: expect.any(String) }]);
		// The socket and its other documents carry on.
		bad.send(PLAN_DOC, SYNC_STEP1_EMPTY);
		await waitFor(() => answered(bad, PLAN_DOC), { what: 'another document to answer on the same socket' });
		expect(bad.ws.readyState).toBe(bad.ws.OPEN);
		await check('after the bad update');
		bad.ws.terminate();
	});

	it('closes a connection setting presence that is not JSON with 4403; nothing is stored', async () => {
		const pair = await bystanders();
		const check = unchanged(pair);
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		bad.send(PLAN_DOC, SYNC_STEP1_EMPTY);
		const awareness = frame((a) => {
			encoding.writeVarUint(a, 1);
			encoding.writeVarUint(a, 1234);
			encoding.writeVarUint(a, 1);
			encoding.writeVarString(a, 'not json {');
		});
		bad.send(
			PLAN_DOC,
			frame((e) => {
				encoding.writeVarUint(e, 1);
				encoding.writeVarUint8Array(e, awareness);
			})
		);
		// Presence is bound to the session: a state it cannot rewrite is refused, like a stranger's.
		expect((await bad.closed).code).toBe(CLOSE_CODES.forbidden);
		await check('after the bad presence');
	});

	it('closes a connection that exceeds the message rate with 4429', async () => {
		const pair = await bystanders();
		const flood = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		for (let i = 0; i < 2 * RATE_BURST; i++) flood.send(PLAN_DOC, new Uint8Array([3])); // query awareness: harmless but counted
		expect((await flood.closed).code).toBe(CLOSE_CODES.rateLimited);
		await stillCoEditing(pair, 'after the flood');
	});

	it('counts every frame of a bundle against the rate: one message of more frames than the burst gets 4429', async () => {
		const pair = await bystanders();
		const flood = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		flood.ws.send(encodeBundle(Array.from({ length: 2 * RATE_BURST }, () => encodeFrame(PLAN_DOC, new Uint8Array([3])))));
		expect((await flood.closed).code).toBe(CLOSE_CODES.rateLimited);
		await stillCoEditing(pair, 'after the bundled flood');
	});

	it('drops a connection that stops answering pings', async () => {
		// Pings this often only here: on a busy machine a bystander can miss a 100 ms pong.
		await server.close();
		server = await bed.start({ collab: { ...LIMITS, pingIntervalMs: 100 } });
		const silent = await rawSocket(server.wsUrl, APA_BOARD, misbehaving, { autoPong: false });
		expect((await silent.closed).code).toBe(1006); // terminated: no closing handshake
		expect(server.running.ctx.rooms.connectionCount(APA_BOARD)).toBe(0);
	});

	it('answers an unknown board with HTTP 404 and makes no socket', async () => {
		const http = server.wsUrl;
		expect(await refusedStatus(`${http}/no-such-board`)).toBe(404);
		expect(await refusedStatus(`${http}/not%20a%20valid%20id`)).toBe(404);
		expect(server.running.ctx.rooms.size).toBe(0);
		expect(server.running.ctx.rooms.connectionCount()).toBe(0);
	});
});
