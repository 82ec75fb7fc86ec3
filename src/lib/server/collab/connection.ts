import * as awarenessProtocol from 'y-protocols/awareness';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_CODES, closeReason } from './close-codes';
import type { CollabHooks, CollabLogger, CollabOptions, ConnectionUser } from './options';
import { encodeAwareness, parseMessage, ProtocolError, type ClientMessage } from './protocol';
import type { Room } from './room';
import { TokenBucket } from './token-bucket';

export interface ConnectionOptions {
	ws: WebSocket;
	room: Room;
	user: ConnectionUser;
	options: CollabOptions;
	hooks: CollabHooks;
	log: CollabLogger;
	/** Called once, when the connection is closed from either side. */
	onClose(connection: Connection): void;
}

/**
 * One client socket in a room. Owns the per-connection limits (rate,
 * keepalive, send buffer) and the first steps of the write path: parse and
 * decode, authorise, then hand the update to the room. Any problem closes
 * this connection only.
 */
export class Connection {
	readonly user: ConnectionUser;
	readonly room: Room;
	/** Awareness client ids this connection set, removed when it leaves. */
	readonly awarenessClients = new Set<number>();
	#ws: WebSocket;
	#options: CollabOptions;
	#hooks: CollabHooks;
	#log: CollabLogger;
	#onClose: (connection: Connection) => void;
	#bucket: TokenBucket;
	#alive = true;
	#closed = false;
	/** Closed by the server (refused, dropped, shutting down): nothing more it sent is read. */
	#closedHere = false;

	constructor(opts: ConnectionOptions) {
		this.#ws = opts.ws;
		this.room = opts.room;
		this.user = opts.user;
		this.#options = opts.options;
		this.#hooks = opts.hooks;
		this.#log = opts.log;
		this.#onClose = opts.onClose;
		this.#bucket = new TokenBucket(opts.options.rateBurst, opts.options.ratePerSecond);
		// Handled in the room's batch: the updates of one event-loop turn are stored with one commit.
		this.#ws.on('message', (data, isBinary) => this.room.receive(() => this.#receive(data, isBinary)));
		this.#ws.on('pong', () => (this.#alive = true));
		this.#ws.on('close', () => this.#closedBySocket());
		// `ws` reports protocol errors (e.g. maxPayload → 1009) here and closes the socket itself;
		// without a listener the error would be thrown and take the process down.
		this.#ws.on('error', (e) => this.#log.warn(`[collab] ${this.room.boardId}: socket error: ${e.message}`));
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Sends one message; drops the connection when the client does not read fast enough. */
	send(message: Uint8Array): void {
		if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
		if (this.room.hold(this, message)) return;
		this.#ws.send(message);
		if (this.#ws.bufferedAmount > this.#options.maxBufferedBytes) {
			this.terminate(`more than ${this.#options.maxBufferedBytes} bytes waiting to be sent`);
		}
	}

	/** Keepalive, called every ping interval: drops a connection that did not answer the last ping. */
	heartbeat(): void {
		if (this.#closed) return;
		if (!this.#alive) return this.terminate('no pong since the last ping');
		this.#alive = false;
		this.#ws.ping();
	}

	/** Closes with a code the client can act on (see close-codes.ts). */
	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.#closed = this.#closedHere = true;
		this.#ws.close(code, closeReason(reason));
		this.#onClose(this);
	}

	/** Cuts the socket without a closing handshake (dead or hopelessly slow peers). */
	terminate(why: string): void {
		if (this.#closed) return;
		this.#log.warn(`[collab] ${this.room.boardId}: dropping a connection: ${why}`);
		this.#closed = this.#closedHere = true;
		this.#ws.terminate();
		this.#onClose(this);
	}

	#closedBySocket(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#onClose(this);
	}

	#receive(data: RawData, isBinary: boolean): void {
		// `ws` may still deliver frames that arrived before our close frame went out. Frames
		// that arrived before the client hung up are still handled: they may be its last edits.
		if (this.#closedHere || this.room.failed) return;
		if (!this.#bucket.take()) return this.#refuse(CLOSE_CODES.rateLimited, 'rate limit exceeded');
		try {
			if (!isBinary) throw new ProtocolError('text frame');
			// A private copy: `ws` may hand out a view into a larger, reused buffer.
			this.#handle(parseMessage(new Uint8Array(data as Buffer)));
		} catch (e) {
			if (e instanceof ProtocolError) return this.#refuse(CLOSE_CODES.malformed, `malformed message: ${e.message}`);
			this.#log.error(`[collab] ${this.room.boardId}: error handling a message`, e);
			this.#refuse(CLOSE_CODES.internalError, 'internal error');
		}
	}

	#handle(message: ClientMessage): void {
		switch (message.type) {
			case 'sync-step1':
				return this.send(this.room.syncStep2(message.stateVector));
			case 'update':
				return this.#applyUpdate(message);
			case 'awareness':
				return this.#applyAwareness(message.update);
			case 'query-awareness':
				return this.send(encodeAwareness(this.room.awareness));
			case 'auth':
				return;
		}
	}

	// The write path from here: authorise → apply → (room) append → afterApply → broadcast.
	#applyUpdate({ update, decoded }: Extract<ClientMessage, { type: 'update' }>): void {
		const context = { boardId: this.room.boardId, decoded };
		const verdict = this.#hooks.authorizeUpdate?.(this.user, this.room.doc, update, context) ?? { ok: true };
		if (!verdict.ok) {
			return this.#refuse(verdict.malformed ? CLOSE_CODES.malformed : CLOSE_CODES.forbidden, verdict.reason);
		}
		try {
			this.room.applyUpdate(update, this);
		} catch (e) {
			// It decoded but Yjs could not integrate it: as bad as garbage, and resending would not help.
			throw new ProtocolError(`update could not be applied: ${(e as Error).message}`);
		}
	}

	#applyAwareness(update: Uint8Array): void {
		try {
			awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, this);
		} catch (e) {
			throw new ProtocolError(`bad awareness update: ${(e as Error).message}`);
		}
	}

	#refuse(code: number, reason: string): void {
		this.#log.warn(`[collab] ${this.room.boardId}: closing a connection (${code}): ${reason}`);
		this.close(code, reason);
	}
}
