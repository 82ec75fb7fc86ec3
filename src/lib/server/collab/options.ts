import type * as Y from 'yjs';

/** Limits and timings of the collaboration server (all optional in `AppConfig.collab`). */
export interface CollabOptions {
	/** Fold the update log into a checkpoint after this many appended updates. */
	compactEvery: number;
	/** Unload a board this long after its last connection closed (checkpoint first). */
	unloadAfterMs: number;
	/** Largest accepted WebSocket frame; larger ones close the connection with 1009. */
	maxMessageBytes: number;
	/** Token bucket per connection: messages allowed in a burst… */
	rateBurst: number;
	/** …and refilled per second. */
	ratePerSecond: number;
	/** Ping every connection this often; one without a pong since the last ping is dropped. */
	pingIntervalMs: number;
	/** A slow reader with more than this queued for sending is dropped. */
	maxBufferedBytes: number;
	/** On shutdown, how long to wait for clients to acknowledge the close before cutting them off. */
	closeTimeoutMs: number;
	/**
	 * A document channel that sent nothing for this long gets an empty update:
	 * the y-websocket client reconnects a document that heard nothing for 30 s,
	 * and a body's document can be quiet for much longer than that.
	 */
	channelKeepaliveMs: number;
	/** Awareness client ids one connection may set (its own presence; a reload's leftover). */
	maxPresenceClients: number;
	/** Largest awareness state of one client, in bytes of JSON. */
	maxPresenceBytes: number;
}

export const DEFAULT_COLLAB_OPTIONS: CollabOptions = {
	compactEvery: 300,
	unloadAfterMs: 10_000,
	maxMessageBytes: 2 * 1024 * 1024,
	// A fast typist sends ~15 updates a second; a paste or reconnect a handful at once.
	rateBurst: 300,
	ratePerSecond: 100,
	pingIntervalMs: 30_000,
	maxBufferedBytes: 16 * 1024 * 1024,
	closeTimeoutMs: 2_000,
	channelKeepaliveMs: 15_000,
	maxPresenceClients: 2,
	maxPresenceBytes: 2048
};

/** Who is on the other end of a connection, as the `authenticate` hook found them. */
export interface ConnectionUser {
	userId: number | null;
	name: string;
	role: string;
	body: string | null;
	/** The session the connection was opened with; logging it out closes the connection. */
	sessionId?: string;
}

/** Who every socket is when no extension has an `authenticate` hook (a bare server). */
export const ANONYMOUS_USER: ConnectionUser = { userId: null, name: 'Anonymous', role: 'anonymous', body: null };

/** What `afterApply` (`./extension.ts`) is told about an update that was applied and is on disk. */
export interface AppliedUpdate {
	boardId: string;
	/** The document it changed (`plan`, `body:<CODE>`). */
	docName: string;
	/** Sequence number of the update's row in the board's log (one order over all its documents). */
	seq: number;
	/** The author; null for changes the server made itself. */
	user: ConnectionUser | null;
	/** The update as stored (Yjs v1 encoding of the transaction). */
	update: Uint8Array;
	/** The live document, already containing the update. */
	doc: Y.Doc;
	/** The finished transaction: `changed` and `deleteSet` say what it touched. */
	transaction: Y.Transaction;
}

/** Where the collaboration server reports problems (console by default). */
export interface CollabLogger {
	warn(message: string, ...details: unknown[]): void;
	error(message: string, ...details: unknown[]): void;
}
