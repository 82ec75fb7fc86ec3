import type * as Y from 'yjs';
import { whyNot, type Actor, type BoardStatus } from '../../board/permissions';
import { inspectUpdate, type Touch } from './inspect-update';

/** The answer for one update; `malformed` marks bytes that are not a Yjs update at all. */
export type Verdict = { ok: true } | { ok: false; reason: string; malformed?: true };

const OK: Verdict = { ok: true };

/** What else, besides the board's status, the rules depend on at the moment of the update. */
export interface UpdateContext {
	/** A meeting runs on the board: the chair and the secretariat may set the status of any entry. */
	meetingRunning?: boolean;
}

/**
 * Decides whether `actor` may apply `update` (Yjs v1, as received on the
 * WebSocket) to the board document `doc` in `status`. Every change the update
 * would make must be allowed; one forbidden or unclassifiable change refuses
 * the whole update. An update that changes nothing (sync step 2 of a client
 * with nothing new, or re-sent deletions already applied) is always allowed,
 * even for observers and on a finalized board.
 *
 * Never throws: undecodable bytes give `{ ok: false, malformed: true }`.
 */
export function authorizeUpdate(actor: Actor, status: BoardStatus, doc: Y.Doc, update: Uint8Array, context: UpdateContext = {}): Verdict {
	let touches: Touch[];
	try {
		touches = inspectUpdate(doc, update);
	} catch (e) {
		return { ok: false, reason: `The update could not be decoded (${(e as Error).message}).`, malformed: true };
	}
	return authorizeTouches(actor, status, touches, context);
}

/** The rules applied to an already inspected update (exported for tests and history). */
export function authorizeTouches(actor: Actor, status: BoardStatus, touches: readonly Touch[], context: UpdateContext = {}): Verdict {
	if (touches.length === 0) return OK;
	// An entry deleted as a whole takes its `body` key with it: that is a deletion, not a re-attribution.
	const wholeDeleted = new Set<string>();
	for (const t of touches) {
		if (t.kind === 'entry' && t.deleted && t.field === undefined && !t.created) wholeDeleted.add(t.entryId);
	}
	for (const t of touches) {
		const reason = refusal(actor, status, t, wholeDeleted, context);
		if (reason !== null) return { ok: false, reason };
	}
	return OK;
}

function refusal(actor: Actor, status: BoardStatus, t: Touch, wholeDeleted: ReadonlySet<string>, context: UpdateContext): string | null {
	switch (t.kind) {
		case 'unknown':
			return `The update changes something outside the board (${t.detail}).`;
		case 'structure':
			return whyNot(actor, { kind: 'edit-structure' }, status);
		case 'lead':
			return whyNot(actor, { kind: 'set-leads' }, status);
		case 'entry': {
			// A write or removal of an existing entry's `status` key and nothing else of it (a new entry has no field).
			if (t.field === 'status') {
				return whyNot(actor, { kind: 'set-entry-status', body: t.body, meetingRunning: context.meetingRunning === true }, status);
			}
			const own = whyNot(actor, { kind: 'edit-entries', body: t.body }, status);
			if (own !== null || t.created) return own;
			const reassigns =
				t.newBody !== undefined ? t.newBody !== t.body : t.field === 'body' && !wholeDeleted.has(t.entryId);
			return reassigns ? whyNot(actor, { kind: 'reassign-body' }, status) : null;
		}
	}
}
