import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PLAN_DOC } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import type { CollabOptions } from '$lib/server/collab/options';
import { SEEDED_BODIES } from '../helpers/collab-client';
import { addEntry, appendText, entryText } from '../helpers/board-edits';
import { APA_BOARD, signIn, type TestServer } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const bed = serverTestBed();
/** A SOMTC delegate: every entry these tests add and type into is SOMTC's (helpers/board-edits.ts). */
let token: string;

async function start(collab: Partial<CollabOptions>): Promise<TestServer> {
	const server = await bed.start({ collab });
	token = signIn(server.running.ctx, { role: 'delegate', body: 'SOMTC' }).token;
	return server;
}

const client = () => bed.client(token);

/** The document the tests' entries live in (helpers/board-edits.ts adds SOMTC entries). */
const SOMTC_DOC = 'body:SOMTC';
/** Documents a client of the seeded board opens: the plan and one per body. */
const BOARD_DOCS = 1 + SEEDED_BODIES.length;

describe('update log compaction', () => {
	it("folds a document's log into a checkpoint every compactEvery updates; reloading gives the same document", async () => {
		const server = await start({ compactEvery: 50 });
		const { store, rooms } = server.running.ctx;
		const a = await client();
		const id = addEntry(a.docs, 'compact me ');
		for (let i = 0; i < 119; i++) appendText(a.docs, id, String(i % 10));
		const expected = entryText(a.docs, id);
		await waitFor(() => entryText(rooms.readDocs(APA_BOARD), id) === expected, { what: 'the server to apply all 120' });

		expect(store.lastSeq(APA_BOARD)).toBe(120);
		// Checkpoints at 50 and 100: only the last 20 updates are still separate rows.
		expect(store.tailLength(APA_BOARD, SOMTC_DOC)).toBe(20);
		// The other documents were not written.
		expect(store.tailLength(APA_BOARD, PLAN_DOC)).toBe(0);
		const live = rooms.loaded(APA_BOARD, SOMTC_DOC)!.doc;
		const reloaded = store.load(APA_BOARD, SOMTC_DOC);
		expect(reloaded.seq).toBe(120);
		expect(Y.encodeStateVector(reloaded.doc)).toEqual(Y.encodeStateVector(live));
		expect(readBoard(store.loadBoard(APA_BOARD))).toEqual(readBoard(rooms.readDocs(APA_BOARD)));
	});
});

describe('idle unload', () => {
	it("unloads a board's documents unloadAfterMs after its last client left, checkpointing them first", async () => {
		const server = await start({ unloadAfterMs: 150 });
		const { store, rooms } = server.running.ctx;
		expect(rooms.size).toBe(0);
		const a = await client();
		expect(rooms.boardsLoaded).toBe(1);
		expect(rooms.size).toBe(BOARD_DOCS);
		const id = addEntry(a.docs, 'persist me');
		await waitFor(() => entryText(rooms.readDocs(APA_BOARD), id), { what: 'the server to apply the entry' });
		expect(store.tailLength(APA_BOARD, SOMTC_DOC)).toBe(1);

		bed.clients.splice(0).forEach((c) => c.destroy());
		await waitFor(() => rooms.size === 0, { timeout: 2_000, what: 'the documents to unload' });
		expect(rooms.boardsLoaded).toBe(0);
		expect(store.tailLength(APA_BOARD, SOMTC_DOC)).toBe(0);
		expect(entryText(rooms.readDocs(APA_BOARD), id)).toBe('persist me');

		// Loading again serves the checkpointed state.
		const b = await client();
		expect(entryText(b.docs, id)).toBe('persist me');
	});

	it("lets go of an unloaded board: its documents are collected soon after, without any request", async () => {
		const server = await start({ unloadAfterMs: 100 });
		const { rooms } = server.running.ctx;
		const a = await client();
		const live = Array.from(a.providers.keys(), (name) => new WeakRef(rooms.loaded(APA_BOARD, name)!.doc));
		expect(live).toHaveLength(BOARD_DOCS);
		bed.clients.splice(0).forEach((c) => c.destroy());
		await waitFor(() => rooms.size === 0, { timeout: 2_000, what: 'the documents to unload' });
		// Nothing here allocates enough to trigger a full collection: the server's own one (a second after unloading) must.
		await waitFor(() => live.every((ref) => ref.deref() === undefined), {
			timeout: 5_000,
			what: 'the unloaded documents to be garbage-collected'
		});
	});

	it('keeps the board loaded when a client comes back before the delay ends', async () => {
		// A delay long enough for a client of eleven documents to reconnect on a busy machine.
		const server = await start({ unloadAfterMs: 1_000 });
		const { rooms } = server.running.ctx;
		const a = await client();
		const live = Array.from(a.providers.keys(), (name) => rooms.loaded(APA_BOARD, name)!);
		a.destroy();
		bed.clients.splice(0);
		// Each document's channel closes at once (its unload delay starts then); the socket itself lingers a moment.
		await waitFor(() => live.every((room) => room.channels.size === 0), { what: 'the server to see A leave' });
		await client();
		// A negative can only be shown by waiting past the delay.
		await new Promise((resolve) => setTimeout(resolve, 1_300));
		expect(rooms.size).toBe(BOARD_DOCS);
		for (const room of live) expect(rooms.loaded(APA_BOARD, room.docName)).toBe(room);
		expect(rooms.readDocs(APA_BOARD).plan).toBe(live.find((room) => room.docName === PLAN_DOC)!.doc);
	});
});
