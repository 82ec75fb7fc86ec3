import type { RawData, WebSocket } from 'ws';
import { FrameBatch } from '../../collab/frame-batch';
import { decodeControl, decodeMessage, encodeClose, MuxFrameError, type MuxFrame } from '../../collab/mux-frame';
import { PresenceGuard } from './integrity';
import type { Channel } from './channel';
import { CLOSE_CODES, closeReason } from './close-codes';
import type { CollabLogger, CollabOptions, ConnectionUser } from './options';
import { KEEPALIVE } from './protocol';
import { TokenBucket } from './token-bucket';

export interface ConnectionOptions {
	ws: WebSocket;
	boardId: string;
	user: ConnectionUser;
	options: CollabOptions;
	log: CollabLogger;
	/** Whether another connection to the board set presence under this awareness client id. */
	presenceOwnedElsewhere(clientId: number): boolean;
	/** Opens the channel of a document on first use; null when the board has no such document. */
	openChannel(connection: Connection, docName: string): Channel | null;
	/** Called once, when the connection is closed from either side. */
	onClose(connection: Connection): void;
}

/**
 * One client socket to a board, carrying all of the board's documents
 * (`src/lib/collab/mux-frame.ts`). Owns the per-connection limits (rate,
 * keepalive, send buffer), the session's presence binding, and the channels
 * to the documents' rooms. A bad frame closes this connection only; a bad
 * update closes only its document's channel.
 */
export class Connection {
	readonly user: ConnectionUser;
	readonly boardId: string;
	/** Presence this connection may set: its own client ids, its session's name. */
	readonly presence: PresenceGuard;
	readonly #channels = new Map<string, Channel>();
	#ws: WebSocket;
	#options: CollabOptions;
	#log: CollabLogger;
	#openChannel: ConnectionOptions['openChannel'];
	#onClose: (connection: Connection) => void;
	#bucket: TokenBucket;
	/** What the rooms send within one event-loop turn goes out as one message. */
	#batch: FrameBatch;
	#alive = true;
	#closed = false;
	/** Closed by the server (refused, dropped, shutting down): nothing more it sent is read. */
	#closedHere = false;

	constructor(opts: ConnectionOptions) {
		this.#ws = opts.ws;
		this.boardId = opts.boardId;
		this.user = opts.user;
		this.#options = opts.options;
		this.#log = opts.log;
		this.#openChannel = opts.openChannel;
		this.#onClose = opts.onClose;
		this.presence = new PresenceGuard(
			{ id: opts.user.userId, name: opts.user.name, body: opts.user.body, role: opts.user.role },
			{
				maxClients: opts.options.maxPresenceClients,
				maxStateBytes: opts.options.maxPresenceBytes,
				ownedElsewhere: (id) => opts.presenceOwnedElsewhere(id)
			}
		);
		this.#bucket = new TokenBucket(opts.options.rateBurst, opts.options.ratePerSecond);
		this.#batch = new FrameBatch((message) => this.#sendNow(message), (run) => setImmediate(run));
		this.#ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
		this.#ws.on('pong', () => (this.#alive = true));
		this.#ws.on('close', () => this.#closedBySocket());
		// `ws` reports protocol errors (e.g. maxPayload → 1009) here and closes the socket itself;
		// without a listener the error would be thrown and take the process down.
		this.#ws.on('error', (e) => this.#log.warn(`[collab] ${this.boardId}: socket error: ${e.message}`));
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** True once the server closed it: frames still arriving are not read. */
	get closedHere(): boolean {
		return this.#closedHere;
	}

	/** The open channels, by document name. */
	get channels(): ReadonlyMap<string, Channel> {
		return this.#channels;
	}

	/** Sends one frame (with the others of this task); drops the connection when the client does not read fast enough. */
	sendFrame(frame: Uint8Array): void {
		if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
		this.#batch.push(frame);
	}

	#sendNow(message: Uint8Array): void {
		if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
		this.#ws.send(message);
		if (this.#ws.bufferedAmount > this.#options.maxBufferedBytes) {
			this.terminate(`more than ${this.#options.maxBufferedBytes} bytes waiting to be sent`);
		}
	}

	/**
	 * Keepalive, called every ping interval: drops a connection that did not
	 * answer the last ping, and sends quiet channels an empty update.
	 */
	heartbeat(): void {
		if (this.#closed) return;
		if (!this.#alive) return this.terminate('no pong since the last ping');
		this.#alive = false;
		this.#ws.ping();
	}

	/** Sends an empty update on every channel quiet for `channelKeepaliveMs` (the client would reconnect it after 30 s). */
	keepChannelsAlive(now = Date.now()): void {
		for (const channel of this.#channels.values()) {
			if (channel.quietFor(now) >= this.#options.channelKeepaliveMs) channel.send(KEEPALIVE);
		}
	}

	/** Closes one document's channel: tells the client, forgets it. Called by `Channel.close`. */
	closeChannel(channel: Channel, code: number, reason: string): void {
		if (this.#channels.get(channel.docName) === channel) this.#channels.delete(channel.docName);
		this.sendFrame(encodeClose(channel.docName, code, closeReason(reason)));
	}

	/** Closes the whole socket with a code the client can act on (see close-codes.ts). */
	close(code: number, reason: string): void {
		if (this.#closed) return;
		// What was queued (a channel's CLOSE, say) goes before the closing handshake.
		this.#batch.flush();
		this.#closed = this.#closedHere = true;
		this.#ws.close(code, closeReason(reason));
		this.#detachAll();
	}

	/** Closes the socket because of something the client sent, and says so in the log. */
	refuse(code: number, reason: string): void {
		this.#log.warn(`[collab] ${this.boardId}: closing a connection (${code}): ${reason}`);
		this.close(code, reason);
	}

	/** Cuts the socket without a closing handshake (dead or hopelessly slow peers). */
	terminate(why: string): void {
		if (this.#closed) return;
		this.#log.warn(`[collab] ${this.boardId}: dropping a connection: ${why}`);
		this.#closed = this.#closedHere = true;
		this.#batch.drop();
		this.#ws.terminate();
		this.#detachAll();
	}

	#closedBySocket(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#detachAll();
	}

	#detachAll(): void {
		for (const channel of Array.from(this.#channels.values())) channel.detach();
		this.#channels.clear();
		this.#onClose(this);
	}

	#receive(data: RawData, isBinary: boolean): void {
		// `ws` may still deliver frames that arrived before our close frame went out. Frames
		// that arrived before the client hung up are still handled: they may be its last edits.
		if (this.#closedHere) return;
		if (!this.#bucket.take()) return this.refuse(CLOSE_CODES.rateLimited, 'rate limit exceeded');
		if (!isBinary) return this.refuse(CLOSE_CODES.malformed, 'malformed frame: text frame');
		try {
			// A private copy: `ws` may hand out a view into a larger, reused buffer.
			const frames = decodeMessage(new Uint8Array(data as Buffer));
			for (const [i, frame] of frames.entries()) {
				// Every frame of a bundle counts against the rate, as if it had come alone.
				if (i > 0 && !this.#bucket.take()) return this.refuse(CLOSE_CODES.rateLimited, 'rate limit exceeded');
				this.#frame(frame);
				if (this.#closedHere) return;
			}
			// What the frames were answered with at once (an open's greetings and sync steps 2) goes now,
			// before the server reads the next client's message.
			this.#batch.flush();
		} catch (e) {
			if (e instanceof MuxFrameError) return this.refuse(CLOSE_CODES.malformed, `malformed frame: ${e.message}`);
			this.#log.error(`[collab] ${this.boardId}: error handling a frame`, e);
			this.refuse(CLOSE_CODES.internalError, 'internal error');
		}
	}

	#frame({ docName, payload }: MuxFrame): void {
		if (docName === '') return this.#control(payload);
		let channel = this.#channels.get(docName);
		if (!channel) {
			// A provider's first message is its sync step 1; anything else was in flight when
			// the channel closed (either side) and belongs to no channel.
			if (!isSyncStep1(payload)) return;
			const opened = this.#openChannel(this, docName);
			if (!opened) {
				this.sendFrame(encodeClose(docName, CLOSE_CODES.unknownDocument, 'no such document on this board'));
				return;
			}
			this.#channels.set(docName, (channel = opened));
			channel.open(payload);
		}
		channel.receive(payload);
	}

	#control(payload: Uint8Array): void {
		const control = decodeControl(payload);
		if (control.op !== 'close') return;
		const channel = this.#channels.get(control.docName);
		if (!channel) return;
		this.#channels.delete(control.docName);
		channel.detach();
	}
}

/** Whether a y-websocket message is a sync step 1 (message type 0, step 0). */
function isSyncStep1(payload: Uint8Array): boolean {
	return payload.length >= 2 && payload[0] === 0 && payload[1] === 0;
}
