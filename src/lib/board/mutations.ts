import * as Y from 'yjs';
import {
	categoriesArray,
	cellKey,
	entriesMap,
	leadsMap,
	mapOf,
	metaMap,
	newId,
	provisionsArray,
	type EntryStatus,
	type TransactionOrigin
} from './doc';
import { entriesByCell, readEntry } from './view';

/**
 * Every change a person makes to a board, as small functions over the Yjs
 * document. The browser calls them with its own origin (so undo tracks only
 * that person's edits); the server and imports reuse them.
 */

export interface NewEntry {
	provision: string;
	category: string;
	body: string;
	subsidiary?: string;
	text: string;
}

function cellOrders(doc: Y.Doc, provision: string, category: string): number[] {
	const entries: { order: number }[] = [];
	entriesMap(doc).forEach((m, id) => {
		const e = readEntry(id, m);
		if (e.provision === provision && e.category === category) entries.push(e);
	});
	return entries.map((e) => e.order).sort((a, b) => a - b);
}

/** Adds an entry at the end of its cell; returns its id. */
export function addEntry(doc: Y.Doc, entry: NewEntry, origin: TransactionOrigin): string {
	const id = newId();
	const last = cellOrders(doc, entry.provision, entry.category).at(-1) ?? 0;
	doc.transact(() => {
		entriesMap(doc).set(
			id,
			mapOf({
				provision: entry.provision,
				category: entry.category,
				body: entry.body,
				subsidiary: entry.subsidiary,
				text: new Y.Text(entry.text),
				status: 'proposed',
				uncertain: false,
				order: last + 1
			}) as Y.Map<unknown>
		);
	}, origin);
	return id;
}

function entry(doc: Y.Doc, id: string): Y.Map<unknown> {
	const m = entriesMap(doc).get(id);
	if (!m) throw new Error(`No entry ${id} on this board.`);
	return m;
}

/** The entry's live text, for binding an editor to it. */
export function entryText(doc: Y.Doc, id: string): Y.Text {
	return entry(doc, id).get('text') as Y.Text;
}

/**
 * Replaces the entry's text with `value` by the smallest middle edit (common
 * prefix and suffix kept), so concurrent typing elsewhere in the text merges.
 */
export function setEntryText(doc: Y.Doc, id: string, value: string, origin: TransactionOrigin): void {
	const text = entryText(doc, id);
	const old = text.toString();
	if (old === value) return;
	let start = 0;
	while (start < old.length && start < value.length && old[start] === value[start]) start++;
	let endOld = old.length;
	let endNew = value.length;
	while (endOld > start && endNew > start && old[endOld - 1] === value[endNew - 1]) {
		endOld--;
		endNew--;
	}
	doc.transact(() => {
		if (endOld > start) text.delete(start, endOld - start);
		if (endNew > start) text.insert(start, value.slice(start, endNew));
	}, origin);
}

export function deleteEntry(doc: Y.Doc, id: string, origin: TransactionOrigin): void {
	doc.transact(() => entriesMap(doc).delete(id), origin);
}

export function setEntryStatus(doc: Y.Doc, id: string, status: EntryStatus, origin: TransactionOrigin): void {
	doc.transact(() => entry(doc, id).set('status', status), origin);
}

export function setEntryUncertain(doc: Y.Doc, id: string, uncertain: boolean, origin: TransactionOrigin): void {
	doc.transact(() => entry(doc, id).set('uncertain', uncertain), origin);
}

/** Moves an entry to the end of another cell. */
export function moveEntry(doc: Y.Doc, id: string, provision: string, category: string, origin: TransactionOrigin): void {
	const last = cellOrders(doc, provision, category).at(-1) ?? 0;
	doc.transact(() => {
		const m = entry(doc, id);
		m.set('provision', provision);
		m.set('category', category);
		m.set('order', last + 1);
	}, origin);
}

/**
 * Moves an entry one place up (-1) or down (+1) among the entries of its cell
 * that belong to the same body. Only the moved entry is written (its order
 * becomes the midpoint past its neighbour), so it never touches another
 * body's entries.
 */
export function reorderEntry(doc: Y.Doc, id: string, direction: -1 | 1, origin: TransactionOrigin): boolean {
	const me = readEntry(id, entry(doc, id));
	const all: ReturnType<typeof readEntry>[] = [];
	entriesMap(doc).forEach((m, eid) => all.push(readEntry(eid, m)));
	const cell = entriesByCell(all).get(cellKey(me.provision, me.category)) ?? [];
	const mine = cell.filter((e) => e.body === me.body);
	const i = mine.findIndex((e) => e.id === id);
	const neighbour = mine[i + direction];
	if (!neighbour) return false;
	const beyond = mine[i + 2 * direction];
	const order = beyond ? (neighbour.order + beyond.order) / 2 : neighbour.order + direction;
	doc.transact(() => entry(doc, id).set('order', order), origin);
	return true;
}

/** Sets the lead body of a cell, or clears it with null. */
export function setLead(doc: Y.Doc, provision: string, category: string, body: string | null, origin: TransactionOrigin): void {
	doc.transact(() => {
		const key = cellKey(provision, category);
		if (body) leadsMap(doc).set(key, body);
		else leadsMap(doc).delete(key);
	}, origin);
}

function findIn(array: Y.Array<Y.Map<string>>, id: string): Y.Map<string> {
	const found = array.toArray().find((m) => m.get('id') === id);
	if (!found) throw new Error(`No row or column ${id} on this board.`);
	return found;
}

/** Adds a provision at the end of its part; returns its id. */
export function addProvision(doc: Y.Doc, part: string, letter: string, text: string, origin: TransactionOrigin): string {
	const id = newId();
	const rows = provisionsArray(doc);
	const lastOfPart = rows.toArray().findLastIndex((m) => m.get('part') === part);
	doc.transact(() => {
		rows.insert(lastOfPart === -1 ? rows.length : lastOfPart + 1, [mapOf({ id, part, letter, text }) as Y.Map<string>]);
	}, origin);
	return id;
}

export function editProvision(doc: Y.Doc, id: string, fields: { letter?: string; text?: string }, origin: TransactionOrigin): void {
	doc.transact(() => {
		const m = findIn(provisionsArray(doc), id);
		if (fields.letter !== undefined) m.set('letter', fields.letter);
		if (fields.text !== undefined) m.set('text', fields.text);
	}, origin);
}

/** Adds a category column at the end; returns its id. */
export function addCategory(doc: Y.Doc, name: string, origin: TransactionOrigin): string {
	const id = newId();
	doc.transact(() => categoriesArray(doc).push([mapOf({ id, name }) as Y.Map<string>]), origin);
	return id;
}

export function renameCategory(doc: Y.Doc, id: string, name: string, origin: TransactionOrigin): void {
	doc.transact(() => findIn(categoriesArray(doc), id).set('name', name), origin);
}

export function setBoardMeta(doc: Y.Doc, fields: { title?: string; asOf?: string }, origin: TransactionOrigin): void {
	doc.transact(() => {
		const meta = metaMap(doc);
		if (fields.title !== undefined) meta.set('title', fields.title);
		if (fields.asOf !== undefined) meta.set('asOf', fields.asOf);
	}, origin);
}
