import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PLAN_DOC } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { addEntry, appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { muxWebSocket } from '$lib/client/mux-socket';
import { authHeaders, webSocketWithHeaders } from '../helpers/collab-client';
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

/**
 * A plan-only y-websocket client over the multiplexed socket, as the browser
 * makes one, that also hands out its real socket (which `connectClient`
 * keeps to itself) so a test can cut it without a closing handshake.
 */
function planClientWithRealSocket(wsUrl: string) {
	let real: WebSocket | undefined;
	const Signed = webSocketWithHeaders(authHeaders(token));
	class Recorded extends Signed {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols);
			real = this;
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${wsUrl}/${APA_BOARD}`, PLAN_DOC, doc, {
		WebSocketPolyfill: muxWebSocket(Recorded as unknown as typeof globalThis.WebSocket),
		disableBc: true
	});
	return {
		doc,
		provider,
		real: () => real!,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Counts the sync messages (type 0, not awareness) a provider receives, by wrapping its socket's handler. */
function countSyncMessages(provider: WebsocketProvider, onType: (type: number) => void): void {
	const ws = provider.ws!;
	const handle = ws.onmessage!;
	ws.onmessage = (event) => {
		onType(new Uint8Array(event.data as ArrayBuffer)[0]);
		handle.call(ws, event);
	};
}

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
		await waitFor(() => [a, b].every((c) => Array.from(c.providers.values()).every((p) => !p.wsconnected)), {
			what: 'clients to notice'
		});
		// The whole socket went away: every document's provider saw the server's 1001.
		for (const name of a.providers.keys()) expect(a.closes.filter((c) => c.doc === name).at(-1)?.code).toBe(1001);
		appendText(a.docs, seeded, ' offline-A');
		const added = addEntry(b.docs, 'Added offline by B');

		server = await bed.start({ port });
		await waitFor(
			() => entryText(b.docs, seeded)?.endsWith(' offline-A') && entryText(a.docs, added) === 'Added offline by B',
			{ what: 'offline edits to merge after the restart' }
		);
		expect(readBoard(a.docs)).toEqual(readBoard(b.docs));
		expect(readBoard(server.running.ctx.store.loadBoard(APA_BOARD))).toEqual(readBoard(a.docs));
	});

	it('does not echo an update back to its sender', async () => {
		await start();
		const a = await client();
		const b = await client();
		// The entries are SOMTC's (helpers/board-edits.ts): they travel on that document's channel.
		const received: number[] = [];
		countSyncMessages(a.providers.get('body:SOMTC')!, (type) => type === 0 && received.push(type));
		const id = addEntry(a.docs, 'no echo please');
		await waitFor(() => entryText(b.docs, id), { what: 'B to receive the entry' });
		appendText(b.docs, id, '!');
		await waitFor(() => entryText(a.docs, id) === 'no echo please!', { what: "A to receive B's edit" });
		// A received B's keystroke only (an echo of its own entry would arrive first).
		expect(received).toHaveLength(1);
	});

	it('echoes awareness to its sender, so a lone client keeps hearing from the server', async () => {
		await start();
		const a = await client();
		const types: number[] = [];
		countSyncMessages(a.providers.get(PLAN_DOC)!, (type) => types.push(type));
		// y-websocket renews this every 15 s and reconnects after 30 s without any message.
		a.awareness.setLocalStateField('user', { name: 'Alone' });
		await waitFor(() => types.includes(1), { what: 'the awareness echo' });
	});

	it("relays awareness and removes a client's states when it leaves", async () => {
		const server = await start();
		const a = planClientWithRealSocket(server.wsUrl);
		try {
			await waitFor(() => a.provider.synced, { what: 'A to sync' });
			const b = await client();
			// The server writes the session's user into every presence state (whatever a client claims there),
			// so A's own field is what shows that B sees A's state.
			a.provider.awareness.setLocalStateField('cell', 'A.a|research');
			await waitFor(() => b.awareness.getStates().get(a.doc.clientID)?.cell === 'A.a|research', {
				what: "B to see A's awareness"
			});
			// A late joiner is told who is already here.
			const c = await client();
			await waitFor(() => c.awareness.getStates().get(a.doc.clientID), { what: 'C to see A' });

			// Cut A's socket without a goodbye: its client cannot say it left, the server must.
			const aId = a.doc.clientID;
			a.provider.shouldConnect = false;
			a.real().terminate();
			await waitFor(() => !b.awareness.getStates().has(aId) && !c.awareness.getStates().has(aId), {
				what: "A's state to be removed"
			});
		} finally {
			a.destroy();
		}
	});
});
