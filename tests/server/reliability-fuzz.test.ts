import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { entriesMap, PLAN_DOC, type TransactionOrigin } from '$lib/board/doc';
import { deleteEntry, setDecision, setEntryProgress, setLead } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { decodeControl, encodeClose, encodeFrame } from '$lib/collab/mux-frame';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { addEntry, appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { rawSocket, syncedClient, type RawSocket } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { seededDocs } from '../helpers/seeded-doc';
import { waitFor } from '../helpers/wait';

const SEED = 0x5eed_2016;
const MAX_FRAMES = 3000;
const TIME_BUDGET_MS = 6000;

const USER: TransactionOrigin = { source: 'user' };

const bed = serverTestBed();
afterEach(() => vi.restoreAllMocks());

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

const syncFrame = (step: number, payload: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, step);
		encoding.writeVarUint8Array(e, payload);
	});

/** One y-websocket message of a document, framed as the multiplexed socket carries it. */
const muxFrame = (docName: string, message: Uint8Array) => encodeFrame(docName, message);

/**
 * Well-formed frames of every kind a client sends, on the plan and on
 * bodies' documents — state vectors, updates that add, type, delete, record
 * agreement, assign leads, change progress and write fields the model does
 * not have, updates that add nothing, awareness states, queries, a client's
 * CLOSE of a channel — for the fuzzer to mutate (its name as well as its message).
 */
function validFrames(): Uint8Array[] {
	const docs = seededDocs();
	const fresh = seededDocs();
	const emptySv = Y.encodeStateVector(new Y.Doc());
	const updates: [string, Uint8Array][] = [];
	for (const [name, doc] of docs.named()) doc.on('update', (u: Uint8Array) => updates.push([name, u]));
	const added = addEntry(docs, 'fuzz seed entry');
	appendText(docs, added, ' and more');
	const seeded = firstEntryId(docs, 'DGICM');
	setEntryProgress(docs, seeded, 'ongoing', USER);
	setDecision(docs, seeded, 'agreed', { userId: 1, meeting: null }, USER);
	const board = readBoard(docs);
	setLead(docs, board.provisions[0].id, board.categories[0].id, 'SOMTC', USER);
	const dgicm = docs.body('DGICM');
	dgicm.transact(() => {
		const entry = entriesMap(dgicm).get(seeded)!;
		entry.set('body', 'SOMTC'); // a field the model does not have: the body is the document
		(entry.get('text') as Y.Text).delete(0, 3);
	}, USER);
	deleteEntry(docs, added, USER);
	const awareness = new awarenessProtocol.Awareness(new Y.Doc());
	awareness.setLocalState({ user: { name: 'Fuzz', color: '#123456' }, cell: 'A.a|research' });
	const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
	awareness.destroy();
	const frames = [
		...Array.from(docs.named(), ([name, doc]) => [
			muxFrame(name, syncFrame(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc))),
			muxFrame(name, syncFrame(syncProtocol.messageYjsSyncStep1, emptySv)),
			muxFrame(name, syncFrame(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(fresh.byName(name)!)))),
			// What a reconnecting client with nothing new sends: accepted from anyone.
			muxFrame(name, syncFrame(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))))
		]).flat(),
		...updates.map(([name, u]) => muxFrame(name, syncFrame(syncProtocol.messageYjsUpdate, u))),
		muxFrame(
			PLAN_DOC,
			frame((e) => {
				encoding.writeVarUint(e, 1);
				encoding.writeVarUint8Array(e, awarenessUpdate);
			})
		),
		muxFrame(PLAN_DOC, new Uint8Array([3])),
		muxFrame('body:SOMTC', new Uint8Array([2, 0])),
		muxFrame('body:NOPE', new Uint8Array([3])),
		encodeClose('body:SOMTC', 1000, 'bye')
	];
	docs.destroy();
	fresh.destroy();
	return frames;
}

/** A random frame, or a valid one with one to four mutations (bit flips, overwrites, insertions, cuts, splices). */
function fuzzFrame(random: () => number, corpus: Uint8Array[]): Uint8Array | string {
	const int = (n: number) => Math.floor(random() * n);
	const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
	const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
	const roll = random();
	if (roll < 0.01) return 'text frame';
	if (roll < 0.15) return randomBytes(int(64));
	if (roll < 0.25) return Uint8Array.from([int(4), int(3), ...randomBytes(int(48))]);
	let bytes = Array.from(pick(corpus));
	for (let m = 1 + int(4); m > 0; m--) {
		const at = int(bytes.length + 1);
		switch (int(8)) {
			case 0:
				if (bytes.length) bytes[at % bytes.length] ^= 1 << int(8);
				break;
			case 1:
				if (bytes.length) bytes[at % bytes.length] = pick([0, 1, 0x7f, 0x80, 0xff, int(256)]);
				break;
			case 2:
				bytes.splice(at, 0, ...randomBytes(1 + int(8)));
				break;
			case 3:
				bytes.splice(at, 1 + int(8));
				break;
			case 4:
				bytes = bytes.slice(0, at);
				break;
			case 5: {
				const from = int(bytes.length);
				bytes.splice(at, 0, ...bytes.slice(from, from + 1 + int(16)));
				break;
			}
			case 6: {
				const other = pick(corpus);
				const from = int(other.length);
				bytes.splice(at, int(8), ...other.slice(from, from + 1 + int(24)));
				break;
			}
			default:
				bytes.push(...randomBytes(1 + int(4)));
		}
	}
	return Uint8Array.from(bytes);
}

/** Sends one frame and a ping; resolves with the close code if the server closed the socket, else null. */
function sendAndProbe(socket: RawSocket, data: Uint8Array | string): Promise<number | null> {
	return new Promise((resolve) => {
		let settled = false;
		const done = (code: number | null) => {
			if (settled) return;
			settled = true;
			socket.ws.off('pong', onPong);
			resolve(code);
		};
		// `ws` handles frames in order: the pong comes after the frame was handled, or not at all.
		const onPong = () => done(null);
		socket.ws.on('pong', onPong);
		void socket.closed.then(({ code }) => done(code));
		// Raw bytes: the fuzzer mangles the frame itself as well as the message in it.
		socket.ws.send(data, { binary: typeof data !== 'string' });
		socket.ws.ping();
	});
}

describe('malformed input fuzz', () => {
	it('thousands of random and mutated frames from one connection: only it (or its documents) is closed, the others keep co-editing, the stored board is theirs', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const server = await bed.start();
		const { ctx } = server.running;
		const writerToken = signIn(ctx, { role: 'delegate', body: 'SOMTC' }).token;
		// An observer: any update that changes a document is refused, so whatever the fuzzer
		// stumbles on, the stored board must end up exactly as the honest clients left it.
		const fuzzerToken = signIn(ctx, { role: 'observer' }).token;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token: writerToken });
		const reader = await syncedClient(server.wsUrl, APA_BOARD, { token: writerToken });
		bed.clients.push(writer, reader);
		const entry = addEntry(writer.docs, 'typed during the fuzz:');
		const typing = setInterval(() => appendText(writer.docs, entry, String.fromCharCode(97 + Math.floor(Math.random() * 26))), 20);

		const random = prng(SEED);
		const corpus = validFrames();
		const codes = new Map<number | 'open', number>();
		// Channel closes: the server ended one document on the socket, and the socket went on.
		const channelCodes = new Map<number, number>();
		// Each socket opens a channel to every document first (a channel opens with its sync step 1),
		// so the mutated frames that follow land on open channels as well as on closed ones.
		const names = Array.from(seededDocs().named(), ([name]) => name);
		const open = async () => {
			const s = await rawSocket(server.wsUrl, APA_BOARD, fuzzerToken);
			for (const name of names) s.send(name, syncFrame(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())));
			return s;
		};
		const sockets: RawSocket[] = [await open()];
		let socket = sockets[0];
		let frames = 0;
		const started = Date.now();
		try {
			while (frames < MAX_FRAMES && Date.now() - started < TIME_BUDGET_MS) {
				const code = await sendAndProbe(socket, fuzzFrame(random, corpus));
				frames++;
				codes.set(code ?? 'open', (codes.get(code ?? 'open') ?? 0) + 1);
				if (code !== null) {
					socket = await open();
					sockets.push(socket);
				}
			}
		} finally {
			clearInterval(typing);
			socket.ws.terminate();
		}
		for (const s of sockets) {
			for (const f of s.received) {
				if (f.docName !== '') continue;
				const { code } = decodeControl(f.payload);
				channelCodes.set(code, (channelCodes.get(code) ?? 0) + 1);
			}
		}
		console.info(
			`[fuzz] seed ${SEED}: ${frames} frames on ${sockets.length} connections in ${Date.now() - started} ms; ` +
				`outcomes ${JSON.stringify(Object.fromEntries(codes))}; channels closed ${JSON.stringify(Object.fromEntries(channelCodes))}`
		);

		expect(frames).toBeGreaterThanOrEqual(500);
		// Every close was a refusal the client can act on; never an internal error or a dropped socket.
		const allowed = new Set<number | 'open'>(['open', CLOSE_CODES.malformed, CLOSE_CODES.forbidden, CLOSE_CODES.rateLimited]);
		expect([...codes.keys()].filter((c) => !allowed.has(c))).toEqual([]);
		const allowedOnChannels = new Set<number>([CLOSE_CODES.malformed, CLOSE_CODES.forbidden, CLOSE_CODES.doesNotFit, CLOSE_CODES.unknownDocument]);
		expect([...channelCodes.keys()].filter((c) => !allowedOnChannels.has(c))).toEqual([]);
		expect(codes.get(CLOSE_CODES.malformed) ?? 0).toBeGreaterThan(frames / 4);
		// The fuzzer got past the frame layer: updates reached the write path and were refused there.
		expect(channelCodes.get(CLOSE_CODES.forbidden) ?? 0).toBeGreaterThan(0);
		expect(errors).not.toHaveBeenCalled();

		// The honest clients never noticed: no document of theirs was closed.
		await waitFor(() => entryText(reader.docs, entry) === entryText(writer.docs, entry), { what: 'the reader to catch up' });
		expect(writer.closes).toEqual([]);
		expect(reader.closes).toEqual([]);
		await waitFor(() => ctx.rooms.connectionCount(APA_BOARD) === 2, { what: 'the server to see the last fuzzing socket go' });

		// The stored board (read back from SQLite) is exactly what they wrote, document by document.
		expect(readBoard(ctx.store.loadBoard(APA_BOARD))).toEqual(readBoard(writer.docs));
		for (const [name, doc] of writer.docs.named()) {
			expect(Y.encodeStateVector(ctx.store.load(APA_BOARD, name).doc), name).toEqual(Y.encodeStateVector(doc));
		}
		const late = await syncedClient(server.wsUrl, APA_BOARD, { token: writerToken });
		bed.clients.push(late);
		expect(readBoard(late.docs)).toEqual(readBoard(writer.docs));
	});
});
