import type * as Y from 'yjs';
import { isTransactionOrigin } from '../../board/doc';
import type { HistorySource } from '../../board/history';
import type { AppliedUpdate } from '../collab/options';

/** A person's changes to one thing (same kind) with pauses shorter than this make one history row. */
export const COALESCE_MS = 30_000;

/** Who made a stored change, and when: what every history row records. */
export interface Author {
	userId: number | null;
	body: string | null;
	source: HistorySource;
	seq: number;
	now: number;
	/** The person whose suggestion the change applies (null: none). */
	suggestedBy: number | null;
}

/**
 * The author of a stored update: the connection's user (from its session,
 * never from the update), or for the server's own changes the user its
 * origin names (a restore on someone's behalf).
 */
export function authorOf(user: AppliedUpdate['user'], transaction: Y.Transaction, seq: number, now: number): Author {
	const origin = isTransactionOrigin(transaction.origin) ? transaction.origin : null;
	const source: HistorySource = origin?.source === 'restore' ? 'restore' : user ? 'user' : 'server';
	const suggestedBy = origin?.source === 'server' ? (origin.suggestedBy ?? null) : null;
	const originUserId = origin && origin.source !== 'seed' ? origin.userId : undefined;
	return { userId: user?.userId ?? originUserId ?? null, body: user?.body ?? null, source, seq, now, suggestedBy };
}

/** The last row written under one key: what a next change may extend. */
interface LastRow {
	id: number;
	userId: number | null;
	kind: string;
	source: HistorySource;
	updatedAt: number;
	suggested: boolean;
}

/**
 * Folds a person's burst of changes (typing) into one history row: a change
 * extends the last row written under its key (an entry of a cell, a field of
 * a report item) while the same person keeps making the same kind of change
 * with short pauses and nobody else wrote under that key in between.
 */
export class Coalescer {
	#ms: number;
	#last = new Map<string, LastRow>();

	constructor(ms = COALESCE_MS) {
		this.#ms = ms;
	}

	/** The id of the row this change extends (now extended to `a.now`), or null: write a new row and call `started`. */
	extends(key: string, kind: string, a: Author): number | null {
		const last = this.#last.get(key);
		if (
			!last ||
			a.source !== 'user' ||
			last.source !== 'user' ||
			a.userId === null ||
			last.userId !== a.userId ||
			last.kind !== kind ||
			// An accepted suggestion is a row of its own: it names its suggester, a person's typing does not.
			last.suggested ||
			a.suggestedBy !== null ||
			a.now - last.updatedAt > this.#ms
		) {
			return null;
		}
		last.updatedAt = a.now;
		return last.id;
	}

	/** Notes the row just written under `key`: the next change there may extend it. */
	started(key: string, id: number, kind: string, a: Author): void {
		this.#last.set(key, { id, userId: a.userId, kind, source: a.source, updatedAt: a.now, suggested: a.suggestedBy !== null });
	}
}
