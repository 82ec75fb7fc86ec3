import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitFor } from './wait';

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close events the provider saw (code, reason), newest last. */
	closes: { code: number; reason: string }[];
	/** Resolves once the client has the server's state (sync step 2 received). */
	synced(): Promise<void>;
	destroy(): void;
}

/**
 * A real y-websocket client in Node. BroadcastChannel is off: Node has one,
 * and clients in the same process would otherwise sync without the server.
 */
export function connectClient(
	wsUrl: string,
	boardId: string,
	{ doc = new Y.Doc(), params = {} }: { doc?: Y.Doc; params?: Record<string, string> } = {}
): TestClient {
	const provider = new WebsocketProvider(wsUrl, boardId, doc, {
		params,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		// Reconnect quickly after a server restart.
		maxBackoffTime: 200
	});
	const closes: TestClient['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		closes,
		synced: () => waitFor(() => provider.synced, { what: `${boardId} to sync` }).then(() => {}),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Connects and waits for the initial sync. */
export async function syncedClient(
	wsUrl: string,
	boardId: string,
	options?: Parameters<typeof connectClient>[2]
): Promise<TestClient> {
	const client = connectClient(wsUrl, boardId, options);
	await client.synced();
	return client;
}

export interface RawSocket {
	ws: WebSocket;
	/** Resolves with the close code and reason when the socket closes. */
	closed: Promise<{ code: number; reason: string }>;
}

/** A bare, open `ws` socket for sending frames y-websocket never would. */
export async function rawSocket(wsUrl: string, boardId: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
	const ws = new WebSocket(`${wsUrl}/${boardId}`, options);
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	// After opening, errors (e.g. the server cutting the socket) show up as close events.
	ws.on('error', () => {});
	return { ws, closed };
}

/** The HTTP status an upgrade request is refused with (throws if it is accepted). */
export function refusedStatus(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url);
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
		ws.once('open', () => {
			ws.terminate();
			reject(new Error(`${url} was accepted`));
		});
		ws.on('error', () => {});
	});
}
