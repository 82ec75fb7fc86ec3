import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { addEntry, entryText } from '../helpers/board-edits';
import { rawSocket, refusedStatus, syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn, type TestServer } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const MAX_MESSAGE = 64 * 1024;

const bed = serverTestBed();
let server: TestServer;
/** The bystanders: SOMTC delegates, who may add the SOMTC entries they co-edit. */
let writer: string;
/** The misbehaving sockets: signed in, so what refuses them is the limit under test and not the handshake. */
let misbehaving: string;

beforeEach(async () => {
	// Every refusal is logged as a warning; here they are expected.
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	server = await bed.start({
		collab: { maxMessageBytes: MAX_MESSAGE, rateBurst: 20, ratePerSecond: 1, pingIntervalMs: 100 }
	});
	writer = signIn(server.running.ctx, { role: 'delegate', body: 'SOMTC' }).token;
	misbehaving = signIn(server.running.ctx, { role: 'secretariat' }).token;
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
	const id = addEntry(a.doc, text);
	await waitFor(() => entryText(b.doc, id) === text, { what: `"${text}" to reach the other client` });
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

const UNDECODABLE_UPDATE = new Uint8Array([1, 1, 1, 1, 9, 9]);

/** Frames y-websocket never sends, each of which must close (only) its connection with 4400. */
const GARBAGE: Record<string, Uint8Array | string> = {
	'random bytes': Uint8Array.from({ length: 64 }, (_, i) => (i * 89 + 17) % 256),
	'unknown sync step': new Uint8Array([0, 7, 1, 2, 3]),
	'sync message without a step': new Uint8Array([0]),
	'update without its length': new Uint8Array([0, 2]),
	'update shorter than its length': new Uint8Array([0, 2, 50, 1, 2, 3]),
	'state vector that does not decode': new Uint8Array([0, 0, 3, 5, 255, 255]),
	'update that Y.decodeUpdate rejects': frame((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, UNDECODABLE_UPDATE);
	}),
	'awareness that is not JSON': frame((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(
			e,
			frame((a) => {
				encoding.writeVarUint(a, 1);
				encoding.writeVarUint(a, 1234);
				encoding.writeVarUint(a, 1);
				encoding.writeVarString(a, 'not json {');
			})
		);
	}),
	'trailing bytes': new Uint8Array([3, 0, 0]),
	'text frame': 'hello'
};

describe('limits and malformed input', () => {
	it('closes a connection sending more than maxMessageBytes with 1009, and only that one', async () => {
		const pair = await bystanders();
		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		bad.ws.send(new Uint8Array(MAX_MESSAGE + 1));
		expect((await bad.closed).code).toBe(CLOSE_CODES.tooBig);
		await stillCoEditing(pair, 'after the oversized frame');
	});

	it.each(Object.entries(GARBAGE))('closes a connection sending %s with 4400; nothing is stored', async (_name, data) => {
		if (data === GARBAGE['update that Y.decodeUpdate rejects']) expect(() => Y.decodeUpdate(UNDECODABLE_UPDATE)).toThrow();
		const pair = await bystanders();
		const { store, rooms } = server.running.ctx;
		const seqBefore = store.lastSeq(APA_BOARD);
		const boardBefore = readBoard(rooms.readDoc(APA_BOARD));

		const bad = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		bad.ws.send(data, { binary: typeof data !== 'string' });
		expect((await bad.closed).code).toBe(CLOSE_CODES.malformed);

		expect(store.lastSeq(APA_BOARD)).toBe(seqBefore);
		expect(readBoard(rooms.readDoc(APA_BOARD))).toEqual(boardBefore);
		expect(pair.every((c) => c.provider.wsconnected)).toBe(true);
		await stillCoEditing(pair, 'after the garbage');
	});

	it('closes a connection that exceeds the message rate with 4429', async () => {
		const pair = await bystanders();
		const flood = await rawSocket(server.wsUrl, APA_BOARD, misbehaving);
		for (let i = 0; i < 30; i++) flood.ws.send(new Uint8Array([3])); // query awareness: harmless but counted
		expect((await flood.closed).code).toBe(CLOSE_CODES.rateLimited);
		await stillCoEditing(pair, 'after the flood');
	});

	it('drops a connection that stops answering pings', async () => {
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
