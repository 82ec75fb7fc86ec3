import { WebsocketProvider } from 'y-websocket';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { noPresence } from '$lib/client/no-presence';

/** y-websocket's message types (first varUint of a message). */
const SYNC = 0;
const AWARENESS = 1;

/** A socket that opens at once and keeps what the provider sends. */
function recordingSocket(sent: Uint8Array[]): typeof WebSocket {
	class Recording {
		static readonly OPEN = 1;
		readonly OPEN = 1;
		readyState = 0;
		binaryType = 'arraybuffer';
		onopen: (() => void) | null = null;
		onmessage: unknown = null;
		onclose: ((event: { code: number; reason: string }) => void) | null = null;
		onerror: unknown = null;
		constructor() {
			queueMicrotask(() => {
				this.readyState = 1;
				this.onopen?.();
			});
		}
		send(data: Uint8Array) {
			sent.push(new Uint8Array(data));
		}
		close() {
			this.readyState = 3;
			this.onclose?.({ code: 1000, reason: '' });
		}
	}
	return Recording as unknown as typeof WebSocket;
}

/** The types of the messages a provider sends once connected. */
async function firstMessages(options: (doc: Y.Doc) => { awareness?: ReturnType<typeof noPresence> }): Promise<number[]> {
	const sent: Uint8Array[] = [];
	const doc = new Y.Doc();
	const provider = new WebsocketProvider('ws://board.test/yjs/b', 'body%3ASOMTC', doc, { WebSocketPolyfill: recordingSocket(sent), disableBc: true, ...options(doc) });
	await new Promise((resolve) => setTimeout(resolve, 0));
	const types = sent.map((m) => m[0]);
	provider.destroy();
	doc.destroy();
	return types;
}

describe('noPresence', () => {
	it('gives a provider nothing to announce: it sends its sync step 1 and no awareness', async () => {
		expect(await firstMessages(() => ({}))).toEqual([SYNC, AWARENESS]);
		expect(await firstMessages((doc) => ({ awareness: noPresence(doc) }))).toEqual([SYNC]);
	});

	it('holds no state and ends with its document', () => {
		const doc = new Y.Doc();
		const awareness = noPresence(doc);
		expect(awareness.getLocalState()).toBeNull();
		expect(awareness.getStates().size).toBe(0);
		let destroyed = false;
		awareness.on('destroy', () => (destroyed = true));
		doc.destroy();
		expect(destroyed).toBe(true);
	});
});
