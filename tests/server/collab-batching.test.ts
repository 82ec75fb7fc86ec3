import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { addEntry, appendText, entryText } from '../helpers/board-edits';
import { rawSocket, syncedClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const KEYSTROKES = 50;

const bed = serverTestBed();

/** True for a sync update message (type 0, step 2 or update), as the server relays them. */
function isUpdateMessage(data: Buffer): boolean {
	const decoder = decoding.createDecoder(new Uint8Array(data));
	return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0;
}

describe('group commit', () => {
	it('a burst is stored update by update and relayed merged: fewer messages, same content, no echo', async () => {
		const server = await bed.start();
		const { ctx } = server.running;
		const token = signIn(ctx, { role: 'delegate', body: 'SOMTC' }).token;
		const writer = await syncedClient(server.wsUrl, APA_BOARD, { token });
		const other = await syncedClient(server.wsUrl, APA_BOARD, { token });
		bed.clients.push(writer, other);
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
