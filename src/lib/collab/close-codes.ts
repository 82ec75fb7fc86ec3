/**
 * Close codes the collaboration server uses, for the whole socket or for one
 * document's channel on it (docs/collaboration.md). Application codes sit in
 * RFC 6455's private range (4000–4999); the 44xx/45xx split mirrors HTTP
 * because the y-websocket v3 client treats 4400–4499 as permanent (it stops
 * reconnecting and emits `closed`) and everything else as transient.
 */
export const CLOSE_CODES = {
	/** The server is shutting down or restarting: reconnect later (RFC 6455 "going away"). */
	goingAway: 1001,
	/** A frame exceeded `maxMessageBytes`; sent by `ws` itself through `maxPayload`. */
	tooBig: 1009,
	/** A frame that is not a well-formed y-websocket message, or an update Yjs cannot decode. */
	malformed: 4400,
	/** No valid session, or the session ended (logout, account disabled) while connected. */
	unauthenticated: 4401,
	/**
	 * A change to a document this connection may not write now (another body's,
	 * the plan for a delegate, any document of a finalized board), or under a
	 * Yjs client id another person owns: nothing of it was applied, stored or broadcast.
	 */
	forbidden: 4403,
	/** No such document on this board. */
	unknownDocument: 4404,
	/** The board was finalized or reopened: the client stops and reloads with the new status. */
	statusChanged: 4409,
	/** An update that does not fit the board's data model (a field it lacks, a nested type, too large). */
	doesNotFit: 4422,
	/** More messages than the per-connection rate limit allows. */
	rateLimited: 4429,
	/** The server could not store or apply an update (disk error, a Yjs failure): reconnect and resend. */
	internalError: 4500
} as const;
