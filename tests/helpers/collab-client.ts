import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SESSION_COOKIE } from '../../src/lib/server/auth';
import { waitFor } from './wait';

/** The `pb_session` cookie header that signs a handshake in (src/lib/server/auth.ts). */
export function sessionCookie(token: string): string {
	return `${SESSION_COOKIE}=${token}`;
}

/** Handshake headers of a signed-in client: the session cookie, plus any extra (e.g. Origin). */
export function authHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
	return token === undefined ? { ...extra } : { cookie: sessionCookie(token), ...extra };
}

/**
 * `ws`'s WebSocket with fixed handshake headers, for y-websocket's
 * `WebSocketPolyfill` (which constructs it as `new WS(url, protocols)`).
 */
export function webSocketWithHeaders(
	headers: Record<string, string>
): new (address: string | URL, protocols?: string | string[]) => WebSocket {
	return class HeaderWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols ?? [], { headers });
		}
	};
}

export interface ClientOptions {
	doc?: Y.Doc;
	params?: Record<string, string>;
	/** Session token sent as the `pb_session` cookie; omit for an anonymous handshake. */
	token?: string;
	/** More handshake headers (e.g. `origin`). */
	headers?: Record<string, string>;
}

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close events the provider saw (code, reason), newest last. */
	closes: { code: number; reason: string }[];
	/** Permanent closes (4400–4499) the provider reported through its `closed` event, newest last. */
	terminal: { code: number; reason: string }[];
	/** Resolves once the client has the server's state (sync step 2 received). */
	synced(): Promise<void>;
	destroy(): void;
}

/**
 * A real y-websocket client in Node. BroadcastChannel is off: Node has one,
 * and clients in the same process would otherwise sync without the server.
 * With `token` it signs the handshake in with the session cookie, as a
 * browser would; the cookie goes with every reconnect.
 */
export function connectClient(
	wsUrl: string,
	boardId: string,
	{ doc = new Y.Doc(), params = {}, token, headers }: ClientOptions = {}
): TestClient {
	const provider = new WebsocketProvider(wsUrl, boardId, doc, {
		params,
		WebSocketPolyfill: webSocketWithHeaders(authHeaders(token, headers)) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		// Reconnect quickly after a server restart.
		maxBackoffTime: 200
	});
	const closes: TestClient['closes'] = [];
	const terminal: TestClient['terminal'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	provider.on('closed', ({ code, reason }) => terminal.push({ code, reason }));
	return {
		doc,
		provider,
		closes,
		terminal,
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

/**
 * A bare, open `ws` socket for sending frames y-websocket never would,
 * signed in with `token` (null: no cookie).
 */
export async function rawSocket(
	wsUrl: string,
	boardId: string,
	token: string | null,
	options: WebSocket.ClientOptions = {}
): Promise<RawSocket> {
	const headers = { ...authHeaders(token ?? undefined), ...options.headers };
	const ws = new WebSocket(`${wsUrl}/${boardId}`, { ...options, headers });
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
export function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
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
