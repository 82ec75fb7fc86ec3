import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { addEntry, appendText, entryText } from '../helpers/board-edits';
import { rawSocket, syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, signIn, startTestServer, tempDataDir, type TestServer } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

const KEYSTROKES = 50;

let dataDir: string;
let server: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server?.close();
	server = undefined;
	removeDataDir(dataDir);
});

/** True for a sync update message (type 0, step 2 or update), as the server relays them. */
function isUpdateMessage(data: Buffer): boolean {
	const decoder = decoding.createDecoder(new Uint8Array(data));
	return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0;
}

describe('group commit', () => {
	it('a burst is stored update by update and relayed merged: fewer messages, same content, no echo', async () => {
		dataDir = tempDataDir();
		server = await startTestServer(dataDir);
		const { ctx } = server.running;
		const token = signIn(ctx, { role: 'delegate', body: 'SOMTC' }).token;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token });
		const other = await syncedClient(server.wsUrl, APA_BOARD, { token });
		clients.push(writer, other);
		const id = addEntry(writer.doc, 'burst:');
		await waitFor(() => entryText(other.doc, id) === 'burst:', { what: 'the entry to arrive' });
		const listener = await rawSocket(server.wsUrl, APA_BOARD, signIn(ctx, { role: 'observer' }).token);
		let relayed = 0;
		listener.ws.on('message', (data: Buffer) => isUpdateMessage(data) && relayed++);
		let echoed = 0;
		writer.doc.on('update', (_u: Uint8Array, origin: unknown) => origin === writer.provider && echoed++);
		const seqBefore = ctx.store.lastSeq(APA_BOARD);

		// One keystroke per transaction, all in one tick: KEYSTROKES frames that reach the server together.
		for (let k = 0; k < KEYSTROKES; k++) appendText(writer.doc, id, String(k % 10));
		const typed = entryText(writer.doc, id);
		await waitFor(() => entryText(other.doc, id) === typed, { what: 'the burst to reach the other client' });

		// Every update is its own row in the log (history and versions count on that)…
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore + KEYSTROKES);
		// …but the others got it in fewer, merged messages, and the writer got nothing back.
		await waitFor(() => relayed > 0, { what: 'the listener to get the burst' });
		expect(relayed).toBeLessThan(KEYSTROKES);
		expect(echoed).toBe(0);
		listener.ws.terminate();
	});
});
