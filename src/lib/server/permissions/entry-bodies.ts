import * as Y from 'yjs';
import type { DecodedUpdate } from './decoded-update';

/**
 * What an update does to entries' `body` key, where a wrong answer would let
 * a delegate re-attribute an entry (to another body, or to none). Which of
 * several writes to one map key wins depends on Yjs's conflict resolution;
 * rather than re-implement it, we recognise the one shape a client produces
 * on its own — a chain of writes by one client, each placed right after the
 * previous value — whose last write provably wins, and otherwise report
 * every value the key could end up with.
 */

/** The value a map item holds, as `Y.Map#get` would read it; undefined for deleted content. */
export function mapValue(item: Y.Item): unknown {
	if (item.content instanceof Y.ContentDeleted) return undefined;
	const content = item.content.getContent();
	return content[content.length - 1];
}

/** The current body of an entry map item in the document ('' when it has none). */
export function bodyOf(entry: Y.Item): string {
	const type = entry.content instanceof Y.ContentType ? entry.content.type : null;
	const body = type instanceof Y.Map ? type.get('body') : undefined;
	return typeof body === 'string' ? body : '';
}

/** The outcome for one entry's `body`: the values it may end with (null = removed), or why we cannot tell. */
export type BodyOutcome = { values: Array<string | null> } | { detail: string };

/**
 * The possible final bodies after `writes` (update items under the entry's
 * `body` key) and the deletion of document items `deletes`, where `previous`
 * is the key's current item in the document (live or not; null for a new entry).
 */
export function bodyOutcome(
	decoded: DecodedUpdate,
	writes: readonly Y.Item[],
	deletes: readonly Y.Item[],
	previous: Y.Item | null
): BodyOutcome {
	const last = chainEnd(writes, previous);
	if (last && deletes.every((d) => d === previous)) return valuesOf(decoded, [last]);
	// Anything may win: every write's value, and the previous value unless it is deleted.
	const out = valuesOf(decoded, writes);
	if ('detail' in out) return out;
	const kept = previous && !previous.deleted && !deletes.includes(previous) ? mapValue(previous) : undefined;
	out.values.push(typeof kept === 'string' ? kept : null);
	return out;
}

function valuesOf(decoded: DecodedUpdate, items: readonly Y.Item[]): BodyOutcome {
	const values: Array<string | null> = [];
	for (const item of items) {
		const value = decoded.erases(item) ? undefined : mapValue(item);
		if (value === undefined) values.push(null);
		else if (typeof value === 'string') values.push(value);
		else return { detail: 'an entry’s body would not be a string' };
	}
	return { values };
}

/**
 * The last write if `writes` are one client's consecutive writes, the first
 * placed right after `previous` (or with no origin on a new map) and each
 * next one right after the one before: then each integration makes the new
 * item the key's rightmost, so the last one wins.
 */
function chainEnd(writes: readonly Y.Item[], previous: Y.Item | null): Y.Item | null {
	if (writes.length === 0) return null;
	const sorted = [...writes].sort((a, b) => a.id.clock - b.id.clock);
	let expected: Y.ID | null = previous ? previous.lastId : null;
	for (const w of sorted) {
		if (w.id.client !== sorted[0].id.client || w.rightOrigin !== null) return null;
		if (expected === null ? w.origin !== null : !Y.compareIDs(w.origin, expected)) return null;
		expected = w.lastId;
	}
	return sorted[sorted.length - 1];
}
