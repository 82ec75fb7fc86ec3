import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { readBoard } from '../../src/lib/board/view';
import { addEntry, appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { connectClient } from '../helpers/collab-client';
import { APA_BOARD, signIn, type TestServer } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const bed = serverTestBed();
/** Session token of the clients: the secretariat may edit every entry (these tests edit seeded and SOMTC ones). */
let token: string;

async function start(): Promise<TestServer> {
	const server = await bed.start();
	token = signIn(server.running.ctx, { role: 'secretariat' }).token;
	return server;
}

const client = () => bed.client(token);

describe('co-editing over y-websocket', () => {
	it('two clients converge and a late joiner gets the full state', async () => {
		const server = await start();
		const a = await client();
		const b = await client();
		expect(readBoard(a.docs).entries.length).toBeGreaterThan(0);
		expect(readBoard(b.docs)).toEqual(readBoard(a.docs));

		const seeded = firstEntryId(a.docs);
		appendText(a.docs, seeded, ' (edited by A)');
		const added = addEntry(b.docs, 'Added by B');
		await waitFor(() => entryText(b.docs, seeded)?.endsWith(' (edited by A)') && entryText(a.docs, added) === 'Added by B', {
			what: 'both edits on both clients'
		});
		expect(readBoard(a.docs)).toEqual(readBoard(b.docs));

		const late = await client();
		expect(readBoard(late.docs)).toEqual(readBoard(a.docs));
		expect(readBoard(server.running.ctx.rooms.readDocs(APA_BOARD))).toEqual(readBoard(a.docs));
	});

	it('clients reconnect after a server restart and merge what they edited while it was down', async () => {
		let server = await start();
		const port = server.port;
		const a = await client();
		const b = await client();
		const seeded = firstEntryId(a.docs);
		appendText(a.docs, seeded, ' before');
		await waitFor(() => entryText(b.docs, seeded)?.endsWith(' before'), { what: 'the edit before the restart' });

		await server.close();
		await waitFor(() => !a.providers.get("plan")!.wsconnected && !b.providers.get("plan")!.wsconnected, { what: 'clients to notice' });
		expect(a.closes.at(-1)?.code).toBe(1001);
		appendText(a.docs, seeded, ' offline-A');
		const added = addEntry(b.docs, 'Added offline by B');

		server = await bed.start({ port });
		await waitFor(
			() => entryText(b.docs, seeded)?.endsWith(' offline-A') && entryText(a.docs, added) === 'Added offline by B',
			{ what: 'offline edits to merge after the restart' }
		);
		expect(readBoard(a.docs)).toEqual(readBoard(b.docs));
		const stored = server.running.ctx.store.load(APA_BOARD).doc;
		expect(readBoard(stored)).toEqual(readBoard(a.docs));
	});

	it('does not echo an update back to its sender', async () => {
		const server = await start();
		const a = connectClient(server.wsUrl, APA_BOARD, { token });
		bed.clients.push(a);
		await a.synced();
		const b = await client();
		const received: number[] = [];
		a.provider.ws!.addEventListener('message', (event) => {
			const type = new Uint8Array(event.data as ArrayBuffer)[0];
			if (type === 0) received.push(type); // sync messages only, not awareness
		});
		const id = addEntry(a.docs, 'no echo please');
		await waitFor(() => entryText(b.docs, id), { what: 'B to receive the entry' });
		appendText(b.docs, id, '!');
		await waitFor(() => entryText(a.docs, id) === 'no echo please!', { what: 'A to receive B\'s edit' });
		// A received B's keystroke only (an echo of its own entry would arrive first).
		expect(received).toHaveLength(1);
	});

	it('echoes awareness to its sender, so a lone client keeps hearing from the server', async () => {
		await start();
		const a = await client();
		const types: number[] = [];
		a.provider.ws!.addEventListener('message', (event) => types.push(new Uint8Array(event.data as ArrayBuffer)[0]));
		// y-websocket renews this every 15 s and reconnects after 30 s without any message.
		a.provider.awareness.setLocalStateField('user', { name: 'Alone' });
		await waitFor(() => types.includes(1), { what: 'the awareness echo' });
	});

	it('relays awareness and removes a client\'s states when it leaves', async () => {
		await start();
		const a = await client();
		const b = await client();
		a.provider.awareness.setLocalStateField('user', { name: 'Alice' });
		await waitFor(() => b.provider.awareness.getStates().get(a.docs.clientID)?.user?.name === 'Alice', {
			what: 'B to see A\'s awareness'
		});
		// A late joiner is told who is already here.
		const c = await client();
		await waitFor(() => c.provider.awareness.getStates().get(a.docs.clientID), { what: 'C to see A' });

		// Cut A's socket without a goodbye: its client cannot say it left, the server must.
		const aId = a.docs.clientID;
		a.provider.shouldConnect = false;
		(a.provider.ws as unknown as WebSocket).terminate();
		await waitFor(() => !b.provider.awareness.getStates().has(aId) && !c.provider.awareness.getStates().has(aId), {
			what: 'A\'s state to be removed'
		});
	});
});
