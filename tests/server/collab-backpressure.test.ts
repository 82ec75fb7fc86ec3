import { afterEach, describe, expect, it, vi } from 'vitest';
import { addEntry, entryText } from '../helpers/board-edits';
import { rawSocket, syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const MAX_BUFFERED = 256 * 1024;
/** Sync step 1 of an empty document (type 0, step 0, an empty state vector). */
const SYNC_STEP1_EMPTY = new Uint8Array([0, 0, 1, 0]);

/** An entry's text may hold 20,000 characters (the data model's bound): a chunk is many such entries in one update. */
const ENTRY_TEXT = 'x'.repeat(19_000);
const ENTRIES_PER_CHUNK = 40;

/** Adds ~760 KB of SOMTC entries in one transaction (one update); returns the last entry's id. */
function addChunk(writer: TestClient): string {
	let last = '';
	writer.body('SOMTC').transact(() => {
		for (let k = 0; k < ENTRIES_PER_CHUNK; k++) last = addEntry(writer.docs, ENTRY_TEXT);
	});
	return last;
}

const bed = serverTestBed();
afterEach(() => vi.restoreAllMocks());

describe('slow readers', () => {
	it('drops a client that stops reading once its send buffer passes maxBufferedBytes', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const server = await bed.start({ collab: { maxBufferedBytes: MAX_BUFFERED } });
		const ctx = server.running.ctx;
		// The writer adds SOMTC entries (helpers/board-edits.ts); the others only read.
		const writerToken = signIn(ctx, { role: 'delegate', body: 'SOMTC' }).token;
		const observerToken = signIn(ctx, { role: 'observer' }).token;
		const slow = await rawSocket(server.wsUrl, APA_BOARD, observerToken);
		// Open the entries' document (its first frame does), so the server has something to send it.
		slow.send('body:SOMTC', SYNC_STEP1_EMPTY);
		await waitFor(() => slow.received.some((f) => f.docName === 'body:SOMTC'), { what: 'the slow reader to open the document' });
		// Stop reading: what the server sends piles up in kernel buffers, then in its own.
		(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token: writerToken });
		const reader = await syncedClient(server.wsUrl, APA_BOARD, { token: observerToken });
		bed.clients.push(writer, reader);

		let last = '';
		for (let i = 0; i < 64 && server.running.ctx.rooms.connectionCount(APA_BOARD) === 3; i++) {
			last = addChunk(writer);
			await waitFor(() => entryText(reader.docs, last), { what: `chunk ${i} to arrive` });
		}
		await waitFor(() => server!.running.ctx.rooms.connectionCount(APA_BOARD) === 2, { what: 'the slow reader to be dropped' });
		expect(warn.mock.calls.some(([m]) => String(m).includes('waiting to be sent'))).toBe(true);
		expect(Array.from(reader.providers.values()).every((p) => p.wsconnected)).toBe(true);
		slow.ws.terminate(); // paused, it would never read the server's FIN
	});
});
