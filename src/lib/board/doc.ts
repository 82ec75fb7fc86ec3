import * as Y from 'yjs';

/**
 * The shape of a board's Yjs document. One document per board; every
 * collection is a top-level type so the server can tell, for any item in an
 * update, which collection (and which entry) it belongs to:
 *
 * - `meta`       Y.Map   title, asOf
 * - `parts`      Y.Array<Y.Map>  { id: 'A', title }
 * - `categories` Y.Array<Y.Map>  { id, name }            (columns, ordered)
 * - `provisions` Y.Array<Y.Map>  { id, part, letter, text } (rows, ordered)
 * - `entries`    Y.Map<entryId, Y.Map>  { provision, category, body,
 *                subsidiary?, text: Y.Text, status, uncertain, note, order }
 * - `leads`      Y.Map<cellKey, bodyCode>  the chair's lead body per cell
 *
 * Entries live in one flat map keyed by id (not nested per cell) so that moving
 * an entry is two field writes, and so permission checks resolve any change to
 * exactly one entry and its body.
 */

export const ENTRY_STATUSES = ['proposed', 'agreed', 'ongoing', 'completed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Who made a transaction: lets undo, history and persistence tell changes apart. */
export type TransactionOrigin =
	| { source: 'user'; userId?: number }
	| { source: 'seed' }
	| { source: 'server' }
	| { source: 'restore'; userId?: number };

export type EntryMap = Y.Map<unknown>;

export function metaMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('meta');
}
export function partsArray(doc: Y.Doc): Y.Array<Y.Map<string>> {
	return doc.getArray('parts');
}
export function categoriesArray(doc: Y.Doc): Y.Array<Y.Map<string>> {
	return doc.getArray('categories');
}
export function provisionsArray(doc: Y.Doc): Y.Array<Y.Map<string>> {
	return doc.getArray('provisions');
}
export function entriesMap(doc: Y.Doc): Y.Map<EntryMap> {
	return doc.getMap('entries');
}
export function leadsMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('leads');
}

/** Key of a cell (provision × category) in `leads` and in history. */
export function cellKey(provisionId: string, categoryId: string): string {
	return `${provisionId}|${categoryId}`;
}

export function parseCellKey(key: string): { provision: string; category: string } {
	const i = key.lastIndexOf('|');
	return { provision: key.slice(0, i), category: key.slice(i + 1) };
}

/** A short random id for entries and added provisions/categories. */
export function newId(): string {
	const bytes = new Uint8Array(9);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 12);
}

/** Builds a Y.Map from plain fields (Y types must be created before insertion). */
export function mapOf(fields: Record<string, unknown>): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) if (v !== undefined) m.set(k, v);
	return m;
}
