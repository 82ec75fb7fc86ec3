/**
 * WebSocket close codes the collaboration server uses. Application codes sit
 * in RFC 6455's private range (4000–4999); the 44xx/45xx split mirrors HTTP
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
	/** An update the user may not make: nothing of it was applied, stored or broadcast. */
	forbidden: 4403,
	/** The board was finalized or reopened: the client stops and reloads with the new status. */
	statusChanged: 4409,
	/** More messages than the per-connection rate limit allows. */
	rateLimited: 4429,
	/** The server could not store an update (disk error): reconnect and resend. */
	internalError: 4500
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** A close reason `ws` accepts: RFC 6455 allows at most 123 bytes of UTF-8. */
export function closeReason(text: string): string {
	const bytes = Buffer.from(text, 'utf8');
	if (bytes.length <= 123) return text;
	// Cut on a character boundary: decoding a split sequence would add U+FFFD (3 bytes).
	let cut = bytes.subarray(0, 120).toString('utf8');
	while (Buffer.byteLength(cut, 'utf8') > 120) cut = cut.slice(0, -1);
	return `${cut}…`;
}
