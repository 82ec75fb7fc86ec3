import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeControl, decodeMessage, encodeClose, encodeFrame } from '../../src/lib/collab/mux-frame';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** One client connection and, per open channel, the awareness clients it controls. */
interface Peer {
	ws: WebSocket;
	channels: Map<string, Set<number>>;
}

interface Room {
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	peers: Set<Peer>;
}

/** Byte counts of the frames the server received. */
export interface MuxTraffic {
	/** Messages on the real socket (a bundle is one), and their bytes. */
	messages: number;
	messageBytes: number;
	/** Frames in them (each of a bundle's counts). */
	frames: number;
	payloadBytes: number;
	/** Document frames per docName. */
	byDoc: Map<string, number>;
}

export interface MuxEchoServer {
	/** Base URL for the providers' `serverUrl`. */
	url: string;
	/** The server's copy of a document (created on first use). */
	doc(docName: string): Y.Doc;
	awareness(docName: string): awarenessProtocol.Awareness;
	/** Real sockets accepted so far, and open now. */
	readonly accepted: number;
	readonly open: number;
	readonly received: MuxTraffic;
	/** Closes `docName`'s channel on every connection with a CLOSE control, and refuses it from now on. */
	closeChannel(docName: string, code: number, reason: string): void;
	/** While false, handshakes are refused (so a test can edit while every client is away). */
	setAccepting(accepting: boolean): void;
	/** Drops every real socket without a close handshake (the client sees 1006). */
	dropConnections(): void;
	close(): Promise<void>;
}

/**
 * A minimal multiplexing y-websocket server on 127.0.0.1, port 0: each frame's
 * docName picks an in-memory room (Y.Doc + awareness) that answers with
 * y-protocols, as the stock y-websocket server does per connection.
 */
export async function startMuxEchoServer(path = '/yjs/board-1'): Promise<MuxEchoServer> {
	let accepting = true;
	const wss = new WebSocketServer({
		host: '127.0.0.1',
		port: 0,
		verifyClient: (_info, done) => done(accepting, 503)
	});
	await new Promise<void>((resolve) => wss.once('listening', resolve));
	const rooms = new Map<string, Room>();
	const denied = new Map<string, { code: number; reason: string }>();
	const received: MuxTraffic = { messages: 0, messageBytes: 0, frames: 0, payloadBytes: 0, byDoc: new Map() };
	let accepted = 0;

	const send = (peer: Peer, frame: Uint8Array) => {
		if (peer.ws.readyState === peer.ws.OPEN) peer.ws.send(frame);
	};

	function room(docName: string): Room {
		let r = rooms.get(docName);
		if (r !== undefined) return r;
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState(null);
		r = { doc, awareness, peers: new Set() };
		const current = r;
		doc.on('update', (update: Uint8Array) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			const frame = encodeFrame(docName, encoding.toUint8Array(encoder));
			for (const peer of current.peers) send(peer, frame);
		});
		awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
			const changed = [...added, ...updated, ...removed];
			const controlled = current.peers.has(origin as Peer) ? (origin as Peer).channels.get(docName) : undefined;
			for (const id of added) controlled?.add(id);
			for (const id of removed) controlled?.delete(id);
			const frame = encodeFrame(docName, awarenessMessage(awareness, changed));
			for (const peer of current.peers) send(peer, frame);
		});
		rooms.set(docName, r);
		return r;
	}

	function join(peer: Peer, docName: string): Room {
		const r = room(docName);
		peer.channels.set(docName, new Set());
		r.peers.add(peer);
		// As y-websocket's server does on connect: ask for the client's state, share who is here.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, r.doc);
		send(peer, encodeFrame(docName, encoding.toUint8Array(encoder)));
		const states = [...r.awareness.getStates().keys()];
		if (states.length > 0) send(peer, encodeFrame(docName, awarenessMessage(r.awareness, states)));
		return r;
	}

	function leave(peer: Peer, docName: string): void {
		const controlled = peer.channels.get(docName);
		if (controlled === undefined) return;
		peer.channels.delete(docName);
		const r = room(docName);
		r.peers.delete(peer);
		awarenessProtocol.removeAwarenessStates(r.awareness, [...controlled], null);
	}

	function receive(peer: Peer, docName: string, payload: Uint8Array): void {
		const refusal = denied.get(docName);
		if (refusal !== undefined) {
			send(peer, encodeClose(docName, refusal.code, refusal.reason));
			return;
		}
		const r = peer.channels.has(docName) ? room(docName) : join(peer, docName);
		const decoder = decoding.createDecoder(payload);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.readSyncMessage(decoder, encoder, r.doc, peer);
			if (encoding.length(encoder) > 1) send(peer, encodeFrame(docName, encoding.toUint8Array(encoder)));
		} else if (type === MESSAGE_AWARENESS) {
			awarenessProtocol.applyAwarenessUpdate(r.awareness, decoding.readVarUint8Array(decoder), peer);
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			send(peer, encodeFrame(docName, awarenessMessage(r.awareness, [...r.awareness.getStates().keys()])));
		}
	}

	wss.on('connection', (ws) => {
		accepted++;
		const peer: Peer = { ws, channels: new Map() };
		ws.on('message', (data: Buffer) => {
			received.messages++;
			received.messageBytes += data.length;
			for (const { docName, payload } of decodeMessage(new Uint8Array(data))) {
				received.frames++;
				if (docName === '') {
					leave(peer, decodeControl(payload).docName);
					continue;
				}
				received.payloadBytes += payload.length;
				received.byDoc.set(docName, (received.byDoc.get(docName) ?? 0) + 1);
				receive(peer, docName, payload);
			}
		});
		ws.on('close', () => {
			for (const docName of [...peer.channels.keys()]) leave(peer, docName);
		});
	});

	const { port } = wss.address() as AddressInfo;
	return {
		url: `ws://127.0.0.1:${port}${path}`,
		doc: (docName) => room(docName).doc,
		awareness: (docName) => room(docName).awareness,
		get accepted() {
			return accepted;
		},
		get open() {
			return wss.clients.size;
		},
		received,
		closeChannel(docName, code, reason) {
			denied.set(docName, { code, reason });
			const r = room(docName);
			for (const peer of [...r.peers]) {
				leave(peer, docName);
				send(peer, encodeClose(docName, code, reason));
			}
		},
		setAccepting(value) {
			accepting = value;
		},
		dropConnections() {
			for (const ws of wss.clients) ws.terminate();
		},
		async close() {
			for (const ws of wss.clients) ws.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			for (const r of rooms.values()) r.doc.destroy();
		}
	};
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}
