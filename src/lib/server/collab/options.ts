import type { IncomingMessage } from 'node:http';
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
	closeTimeoutMs: 2_000
};

/** Who is on the other end of a connection, as the authentication hook found them. */
export interface ConnectionUser {
	userId: number | null;
	name: string;
	role: string;
	body: string | null;
	/** The session the connection was opened with; logging it out closes the connection. */
	sessionId?: string;
}

/** Until accounts exist every socket is this user. */
export const ANONYMOUS_USER: ConnectionUser = { userId: null, name: 'Anonymous', role: 'anonymous', body: null };

/** `malformed` marks an update the hook could not make sense of: closed with 4400 instead of 4403. */
export type UpdateVerdict = { ok: true } | { ok: false; reason: string; malformed?: boolean };

/** What `authorizeUpdate` gets besides the user, doc and update. */
export interface UpdateContext {
	boardId: string;
	/** The update already decoded (it was checked to decode before the hook runs). */
	decoded: YDecodedUpdate;
}

/** What `afterApply` is told about an update that was applied and is on disk. */
export interface AppliedUpdate {
	boardId: string;
	/** Sequence number of the update's row in the log. */
	seq: number;
	/** The author; null for changes the server made itself (e.g. through `readDoc`). */
	user: ConnectionUser | null;
	/** The update as stored (Yjs v1 encoding of the transaction). */
	update: Uint8Array;
	/** The live document, already containing the update. */
	doc: Y.Doc;
	/** The finished transaction: `changed` and `deleteSet` say what it touched. */
	transaction: Y.Transaction;
}

/**
 * Extension points of the write path (client update → authenticate →
 * authorise → apply → append → afterApply → broadcast). All optional; all
 * synchronous, so nothing can interleave between apply and broadcast.
 */
export interface CollabHooks {
	/**
	 * Runs before the WebSocket handshake. Return null to refuse with HTTP 401.
	 * The place for the session cookie, Origin and board membership checks.
	 */
	authenticate?(req: IncomingMessage, boardId: string): ConnectionUser | null;
	/**
	 * Runs for every incoming update after it decoded cleanly and before it is
	 * applied. A refusal closes the connection with 4403 (4400 when marked
	 * `malformed`); nothing of the update is applied, stored or broadcast.
	 */
	authorizeUpdate?(user: ConnectionUser, doc: Y.Doc, update: Uint8Array, context: UpdateContext): UpdateVerdict;
	/**
	 * Runs after an update is applied and appended, before it is broadcast:
	 * the callback point for per-cell history. Old values of overwritten items
	 * are already garbage-collected here; capture them with `observeDeep` on
	 * the doc (observers run inside the transaction) and flush them here.
	 * A throw is logged; the update is still broadcast (it is already stored).
	 */
	afterApply?(info: AppliedUpdate): void;
	/**
	 * Runs once when a board's live document is loaded into a room, before
	 * any update is applied to it: the place to attach observers (history
	 * captures old values with `observeDeep`). The returned function, if any,
	 * runs when the room is unloaded.
	 */
	docLoaded?(boardId: string, doc: Y.Doc): (() => void) | void;
}

/** `Y.decodeUpdate`'s result. */
export type YDecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Where the collaboration server reports problems (console by default). */
export interface CollabLogger {
	warn(message: string, ...details: unknown[]): void;
	error(message: string, ...details: unknown[]): void;
}
