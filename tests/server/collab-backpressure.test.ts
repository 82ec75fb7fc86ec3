import { afterEach, describe, expect, it, vi } from 'vitest';
import { addEntry, entryText } from '../helpers/board-edits';
import { rawSocket, syncedClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const MAX_BUFFERED = 256 * 1024;

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
		// Stop reading: what the server sends piles up in kernel buffers, then in its own.
		(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token: writerToken });
		const reader = await syncedClient(server.wsUrl, APA_BOARD, { token: observerToken });
		bed.clients.push(writer, reader);

		const chunk = 'x'.repeat(512 * 1024);
		let last = '';
		for (let i = 0; i < 64 && server.running.ctx.rooms.connectionCount(APA_BOARD) === 3; i++) {
			last = addEntry(writer.doc, chunk);
			await waitFor(() => entryText(reader.doc, last), { what: `chunk ${i} to arrive` });
		}
		await waitFor(() => server!.running.ctx.rooms.connectionCount(APA_BOARD) === 2, { what: 'the slow reader to be dropped' });
		expect(warn.mock.calls.some(([m]) => String(m).includes('waiting to be sent'))).toBe(true);
		expect(reader.provider.wsconnected).toBe(true);
		slow.ws.terminate(); // paused, it would never read the server's FIN
	});
});
