import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '$lib/board/view';
import type { CollabOptions } from '$lib/server/collab/options';
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

describe('update log compaction', () => {
	it('folds the log into a checkpoint every compactEvery updates; reloading gives the same document', async () => {
		const server = await start({ compactEvery: 50 });
		const { store, rooms } = server.running.ctx;
		const a = await client();
		const id = addEntry(a.doc, 'compact me ');
		for (let i = 0; i < 119; i++) appendText(a.doc, id, String(i % 10));
		const expected = entryText(a.doc, id);
		await waitFor(() => entryText(rooms.readDoc(APA_BOARD), id) === expected, { what: 'the server to apply all 120' });

		expect(store.lastSeq(APA_BOARD)).toBe(120);
		// Checkpoints at 50 and 100: only the last 20 updates are still separate rows.
		expect(store.tailLength(APA_BOARD)).toBe(20);
		const reloaded = store.load(APA_BOARD);
		expect(reloaded.seq).toBe(120);
		expect(readBoard(reloaded.doc)).toEqual(readBoard(rooms.readDoc(APA_BOARD)));
		expect(Y.encodeStateVector(reloaded.doc)).toEqual(Y.encodeStateVector(rooms.readDoc(APA_BOARD)));
	});
});

describe('idle unload', () => {
	it('unloads a board unloadAfterMs after its last client left, checkpointing it first', async () => {
		const server = await start({ unloadAfterMs: 150 });
		const { store, rooms } = server.running.ctx;
		expect(rooms.size).toBe(0);
		const a = await client();
		expect(rooms.size).toBe(1);
		const id = addEntry(a.doc, 'persist me');
		await waitFor(() => entryText(rooms.readDoc(APA_BOARD), id), { what: 'the server to apply the entry' });
		expect(store.tailLength(APA_BOARD)).toBe(1);

		bed.clients.splice(0).forEach((c) => c.destroy());
		await waitFor(() => rooms.size === 0, { timeout: 2_000, what: 'the room to unload' });
		expect(store.tailLength(APA_BOARD)).toBe(0);
		expect(entryText(rooms.readDoc(APA_BOARD), id)).toBe('persist me');

		// Loading again serves the checkpointed state.
		const b = await client();
		expect(entryText(b.doc, id)).toBe('persist me');
	});

	it('lets go of an unloaded board: its document is collected soon after, without any request', async () => {
		const server = await start({ unloadAfterMs: 100 });
		const { rooms } = server.running.ctx;
		await client();
		const live = new WeakRef(rooms.readDoc(APA_BOARD));
		bed.clients.splice(0).forEach((c) => c.destroy());
		await waitFor(() => rooms.size === 0, { timeout: 2_000, what: 'the room to unload' });
		// Nothing here allocates enough to trigger a full collection: the server's own one (a second after unloading) must.
		await waitFor(() => live.deref() === undefined, { timeout: 5_000, what: 'the unloaded document to be garbage-collected' });
	});

	it('keeps the board loaded when a client comes back before the delay ends', async () => {
		const server = await start({ unloadAfterMs: 300 });
		const { rooms } = server.running.ctx;
		const a = await client();
		const live = rooms.readDoc(APA_BOARD);
		a.destroy();
		bed.clients.splice(0);
		await waitFor(() => rooms.connectionCount(APA_BOARD) === 0, { what: 'the server to see A leave' });
		await client();
		// A negative can only be shown by waiting past the delay.
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect(rooms.size).toBe(1);
		expect(rooms.readDoc(APA_BOARD)).toBe(live);
	});
});
