import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { BoardDocs, PLAN_DOC } from '../../src/lib/board/doc';
import { decodeMessage, encodeFrame } from '../../src/lib/collab/mux-frame';
import { muxWebSocket } from '../../src/lib/client/mux-socket';
import { noPresence } from '../../src/lib/client/no-presence';
import { SESSION_COOKIE } from '../../src/lib/server/identity/auth';
import { seeds } from './seeded-doc';
import { waitFor } from './wait';

/** The `pb_session` cookie header that signs a handshake in (src/lib/server/identity/auth.ts). */
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
	/** The documents to sync into (default: fresh ones). */
	docs?: BoardDocs;
	/** The bodies whose documents to open besides the plan (default: the seeded registry's ten). */
	bodies?: readonly string[];
	/** Session token sent as the `pb_session` cookie; omit for an anonymous handshake. */
	token?: string;
	/** More handshake headers (e.g. `origin`). */
	headers?: Record<string, string>;
}

/** A close one document's provider saw. */
export interface DocClose {
	doc: string;
	code: number;
	reason: string;
}

export interface TestClient {
	docs: BoardDocs;
	/** The plan document (structure, leads, decisions). */
	plan: Y.Doc;
	/** One stock provider per document, all over one multiplexed socket. */
	providers: Map<string, WebsocketProvider>;
	/** The board's presence (on the plan's provider). */
	awareness: Awareness;
	/** Close events the providers saw, newest last. */
	closes: DocClose[];
	/** Permanent closes (4400–4499) reported through the providers' `closed` event, newest last. */
	terminal: DocClose[];
	/** A body's document. */
	body(code: string): Y.Doc;
	/** Resolves once every document has the server's state (sync step 2 received). */
	synced(): Promise<void>;
	destroy(): void;
}

// Every stock provider adds a process 'exit' listener in Node, eleven per board client.
process.setMaxListeners(Math.max(process.getMaxListeners(), 200));

/** The ten sectoral bodies of the seeds (every board has a document for each). */
export const SEEDED_BODIES: readonly string[] = seeds().bodies.bodies.map((b) => b.code);

/**
 * A board client in Node, as the browser makes one: one stock y-websocket
 * provider per document (the plan and each body's), all over one real
 * socket (`muxWebSocket`). BroadcastChannel is off: Node has one, and
 * clients in the same process would otherwise sync without the server. With
 * `token` it signs the handshake in with the session cookie, as a browser
 * would; the cookie goes with every reconnect.
 */
export function connectClient(
	wsUrl: string,
	boardId: string,
	{ docs = new BoardDocs(), bodies = SEEDED_BODIES, token, headers }: ClientOptions = {}
): TestClient {
	const socket = muxWebSocket(webSocketWithHeaders(authHeaders(token, headers)) as unknown as typeof globalThis.WebSocket);
	const providers = new Map<string, WebsocketProvider>();
	const closes: DocClose[] = [];
	const terminal: DocClose[] = [];
	for (const code of bodies) docs.body(code);
	for (const [name, doc] of docs.named()) {
		const provider = new WebsocketProvider(`${wsUrl}/${encodeURIComponent(boardId)}`, encodeURIComponent(name), doc, {
			WebSocketPolyfill: socket,
			disableBc: true,
			// Reconnect quickly after a server restart.
			maxBackoffTime: 200,
			awareness: name === PLAN_DOC ? undefined : noPresence(doc)
		});
		provider.on('connection-close', (event) => {
			if (event) closes.push({ doc: name, code: event.code, reason: event.reason });
		});
		provider.on('closed', ({ code, reason }) => terminal.push({ doc: name, code, reason }));
		providers.set(name, provider);
	}
	return {
		docs,
		plan: docs.plan,
		providers,
		awareness: providers.get(PLAN_DOC)!.awareness,
		closes,
		terminal,
		body: (code) => docs.body(code),
		synced: () =>
			waitFor(() => Array.from(providers.values()).every((p) => p.synced), { what: `${boardId} to sync` }).then(() => {}),
		destroy() {
			for (const provider of providers.values()) provider.destroy();
			socket.closeIdle();
			docs.destroy();
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
	/** Sends one y-websocket message of a document, framed as the multiplexed socket carries it. */
	send(docName: string, message: Uint8Array): void;
	/** Every frame received so far, decoded: per document, its messages in order. */
	received: { docName: string; payload: Uint8Array }[];
}

/**
 * A bare, open `ws` socket to a board for sending frames y-websocket never
 * would, signed in with `token` (null: no cookie).
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
	const received: RawSocket['received'] = [];
	// A bundle's frames are recorded one by one, as if each had come alone.
	ws.on('message', (data) => received.push(...decodeMessage(new Uint8Array(data as Buffer))));
	return { ws, closed, received, send: (docName, message) => ws.send(encodeFrame(docName, message)) };
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
