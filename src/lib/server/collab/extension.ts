import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { DecodedUpdate, DocKind } from './integrity';
import type { AppliedUpdate, ConnectionUser } from './options';

/** A client's update as the write path's hooks see it: decoded once, before any of them is asked. */
export interface IncomingUpdate {
	boardId: string;
	docName: string;
	kind: DocKind;
	/** The live document, not yet containing the update. */
	doc: Y.Doc;
	/** The connection's user, from its session. */
	user: ConnectionUser;
	/** The update as received (Yjs v1). */
	update: Uint8Array;
	/** `update` decoded exactly (`integrity/decode.ts`): what every check reads instead of decoding again. */
	decoded: DecodedUpdate;
}

/**
 * What a check makes of an update: null lets it through; `refuse` closes the
 * sender's channel of the document with `code`; `drop` ignores the update
 * (logged), the channel stays open.
 */
export type Verdict = { refuse: number; reason: string } | { drop: string } | null;

/** What `stored` is told: one transaction's update, just appended inside the batch's SQLite transaction. */
export interface StoredUpdate {
	boardId: string;
	docName: string;
	/** The finished transaction (`afterState`/`beforeState` say whose clocks it advanced). */
	transaction: Y.Transaction;
	/** The author when a client sent it; null for the server's own changes (a restore on someone's behalf too). */
	clientUserId: number | null;
}

/**
 * One concern of the collaboration server (session, authority, integrity,
 * history), plugged in as a list: `Rooms` runs each hook over the
 * extensions in list order (`./pipeline.ts`). Every hook is optional and
 * synchronous, so nothing can interleave between apply and broadcast.
 *
 * The hooks in the order an edit meets them: `authenticate` at the
 * handshake, `hasDocument` when a channel opens, `docLoaded` when its room
 * loads; then for every update: (decoded once) → `whyNotWrite` →
 * `checkUpdate` → apply → append → `stored` → `afterApply` → broadcast.
 */
export interface Extension {
	/** For logs and tests. */
	readonly name: string;
	/**
	 * Runs before the WebSocket handshake: who is connecting, or null to
	 * refuse with HTTP 401 (a throw answers 500). The first extension that
	 * has this hook answers; with none, everyone is `ANONYMOUS_USER`.
	 */
	authenticate?(req: IncomingMessage, boardId: string): ConnectionUser | null;
	/** Whether a board has a document of this name; every extension that has the hook must agree (else 4404). */
	hasDocument?(boardId: string, docName: string): boolean;
	/**
	 * Runs once when a document is loaded into a room, before any update is
	 * applied to it: the place to attach observers (history captures old
	 * values with `observeDeep`). The returned function, if any, runs when the
	 * room is unloaded.
	 */
	docLoaded?(boardId: string, docName: string, doc: Y.Doc): (() => void) | void;
	/**
	 * Why `user` may not write `docName` of the board now (null: they may).
	 * Asked for every update that would change the document, from the
	 * connection and the document alone, never from the update's content; a
	 * refusal closes that document's channel with 4403, nothing applied
	 * (unless the update adds nothing the document lacks: a reconnect's resend).
	 */
	whyNotWrite?(user: ConnectionUser, boardId: string, docName: string): string | null;
	/** What the update itself may contain, once its author may write the document. The first verdict that is not null wins. */
	checkUpdate?(incoming: IncomingUpdate): Verdict;
	/**
	 * Runs for each transaction's update right after it is appended, inside
	 * the same SQLite transaction: a throw fails the room like a failed append.
	 */
	stored?(stored: StoredUpdate): void;
	/** The SQLite transaction that stored updates of this document rolled back: forget what `stored` cached. */
	storeFailed?(boardId: string, docName: string): void;
	/**
	 * Runs after an update is applied and appended, before it is broadcast:
	 * the callback point for per-cell history. Old values of overwritten items
	 * are already garbage-collected here; capture them with `observeDeep` on
	 * the doc (observers run inside the transaction) and flush them here.
	 * A throw is logged; the update is still broadcast (it is already stored).
	 */
	afterApply?(info: AppliedUpdate): void;
}
