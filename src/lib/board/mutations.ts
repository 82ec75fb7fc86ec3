import * as Y from 'yjs';
import {
	categoriesArray,
	cellKey,
	decisionsMap,
	entriesMap,
	leadsMap,
	mapOf,
	metaMap,
	newId,
	provisionsArray,
	type BoardDocs,
	type ProgressStatus,
	type TransactionOrigin
} from './doc';
import { byOrder, readEntry } from './view';

/**
 * Every change a person makes to a board, as small functions over its Yjs
 * documents. Each writes exactly one document: an entry's changes its body's
 * document, structure, leads and decisions the plan. The browser calls them
 * with its own origin (so undo tracks only that person's edits); the server
 * and imports reuse them.
 */

export interface NewEntry {
	provision: string;
	category: string;
	body: string;
	subsidiary?: string;
	text: string;
	/** A given id (imports, moves between bodies); a new one otherwise. */
	id?: string;
}

/** The orders of the entries of `doc` (one body) in a cell, ascending. */
function cellOrders(doc: Y.Doc, provision: string, category: string): number[] {
	const orders: number[] = [];
	entriesMap(doc).forEach((m) => {
		if (m.get('provision') === provision && m.get('category') === category) orders.push(Number(m.get('order')) || 0);
	});
	return orders.sort((a, b) => a - b);
}

/** Adds an entry at the end of its body's entries in the cell; returns its id. */
export function addEntry(docs: BoardDocs, entry: NewEntry, origin: TransactionOrigin): string {
	const id = entry.id ?? newId();
	const doc = docs.body(entry.body);
	const last = cellOrders(doc, entry.provision, entry.category).at(-1) ?? 0;
	doc.transact(() => {
		entriesMap(doc).set(
			id,
			mapOf({
				provision: entry.provision,
				category: entry.category,
				subsidiary: entry.subsidiary,
				text: new Y.Text(entry.text),
				status: 'proposed',
				uncertain: false,
				order: last + 1
			})
		);
	}, origin);
	return id;
}

/** The body document and map of an entry; throws when no body holds it. */
function locate(docs: BoardDocs, id: string): { doc: Y.Doc; body: string; map: Y.Map<unknown> } {
	const body = docs.bodyOfEntry(id);
	if (!body) throw new Error(`No entry ${id} on this board.`);
	const doc = docs.body(body);
	return { doc, body, map: entriesMap(doc).get(id)! };
}

/** The body an entry belongs to, or null. */
export function entryBody(docs: BoardDocs, id: string): string | null {
	return docs.bodyOfEntry(id);
}

/** The entry's live text, for binding an editor to it. */
export function entryText(docs: BoardDocs, id: string): Y.Text {
	return locate(docs, id).map.get('text') as Y.Text;
}

/**
 * Makes `text` read `value` by the smallest middle edit (common prefix and
 * suffix kept), so concurrent typing elsewhere in the text merges. Call it
 * inside a transaction; returns whether it changed anything.
 */
export function replaceText(text: Y.Text, value: string): boolean {
	const old = text.toString();
	if (old === value) return false;
	let start = 0;
	while (start < old.length && start < value.length && old[start] === value[start]) start++;
	let endOld = old.length;
	let endNew = value.length;
	while (endOld > start && endNew > start && old[endOld - 1] === value[endNew - 1]) {
		endOld--;
		endNew--;
	}
	if (endOld > start) text.delete(start, endOld - start);
	if (endNew > start) text.insert(start, value.slice(start, endNew));
	return true;
}

/** Replaces the entry's text with `value` (see `replaceText`). */
export function setEntryText(docs: BoardDocs, id: string, value: string, origin: TransactionOrigin): void {
	const { doc, map } = locate(docs, id);
	const text = map.get('text') as Y.Text;
	if (text.toString() === value) return;
	doc.transact(() => replaceText(text, value), origin);
}

export function deleteEntry(docs: BoardDocs, id: string, origin: TransactionOrigin): void {
	const { doc } = locate(docs, id);
	doc.transact(() => entriesMap(doc).delete(id), origin);
}

/** Sets what the body reports of its activity (its own document). */
export function setEntryProgress(docs: BoardDocs, id: string, progress: ProgressStatus, origin: TransactionOrigin): void {
	const { doc, map } = locate(docs, id);
	doc.transact(() => map.set('status', progress), origin);
}

export function setEntryUncertain(docs: BoardDocs, id: string, uncertain: boolean, origin: TransactionOrigin): void {
	const { doc, map } = locate(docs, id);
	doc.transact(() => map.set('uncertain', uncertain), origin);
}

/** Who records a decision and where: stored with it in the plan document. */
export interface DecisionBy {
	userId: number | null;
	meeting: number | null;
	at?: number;
}

/** Records (agreed) or withdraws (null) the agreement on an entry, in the plan document. */
export function setDecision(docs: BoardDocs, id: string, state: 'agreed' | null, by: DecisionBy, origin: TransactionOrigin): void {
	docs.plan.transact(() => {
		if (state === null) decisionsMap(docs.plan).delete(id);
		else decisionsMap(docs.plan).set(id, mapOf({ state, by: by.userId, at: by.at ?? Date.now(), meeting: by.meeting }) as Y.Map<unknown>);
	}, origin);
}

/** Records agreement with a reservation by `body` (its footnote `text`, printed by every export), in the plan document. */
export function setReservation(docs: BoardDocs, id: string, reservation: { body: string; text: string }, by: DecisionBy, origin: TransactionOrigin): void {
	docs.plan.transact(() => {
		const fields = { state: 'reserved', by: by.userId, at: by.at ?? Date.now(), meeting: by.meeting, body: reservation.body, note: reservation.text };
		decisionsMap(docs.plan).set(id, mapOf(fields) as Y.Map<unknown>);
	}, origin);
}

/** Moves an entry to the end of its body's entries in another cell. */
export function moveEntry(docs: BoardDocs, id: string, provision: string, category: string, origin: TransactionOrigin): void {
	const { doc, map } = locate(docs, id);
	const last = cellOrders(doc, provision, category).at(-1) ?? 0;
	doc.transact(() => {
		map.set('provision', provision);
		map.set('category', category);
		map.set('order', last + 1);
	}, origin);
}

/**
 * Moves an entry one place up (-1) or down (+1) among its body's entries in
 * its cell. Only the moved entry is written (its order becomes the midpoint
 * past its neighbour).
 */
export function reorderEntry(docs: BoardDocs, id: string, direction: -1 | 1, origin: TransactionOrigin): boolean {
	const { doc, body, map } = locate(docs, id);
	const me = readEntry(id, body, map);
	const mine: ReturnType<typeof readEntry>[] = [];
	entriesMap(doc).forEach((m, eid) => {
		const e = readEntry(eid, body, m);
		if (cellKey(e.provision, e.category) === cellKey(me.provision, me.category)) mine.push(e);
	});
	mine.sort(byOrder);
	const i = mine.findIndex((e) => e.id === id);
	const neighbour = mine[i + direction];
	if (!neighbour) return false;
	const beyond = mine[i + 2 * direction];
	const order = beyond ? (neighbour.order + beyond.order) / 2 : neighbour.order + direction;
	doc.transact(() => map.set('order', order), origin);
	return true;
}

/** Sets the lead body of a cell, or clears it with null. */
export function setLead(docs: BoardDocs, provision: string, category: string, body: string | null, origin: TransactionOrigin): void {
	const plan = docs.plan;
	plan.transact(() => {
		const key = cellKey(provision, category);
		if (body) leadsMap(plan).set(key, body);
		else leadsMap(plan).delete(key);
	}, origin);
}

function findIn(array: Y.Array<Y.Map<string>>, id: string): Y.Map<string> {
	const found = array.toArray().find((m) => m.get('id') === id);
	if (!found) throw new Error(`No row or column ${id} on this board.`);
	return found;
}

/** Adds a provision at the end of its part; returns its id. */
export function addProvision(docs: BoardDocs, part: string, letter: string, text: string, origin: TransactionOrigin): string {
	const id = newId();
	const rows = provisionsArray(docs.plan);
	const lastOfPart = rows.toArray().findLastIndex((m) => m.get('part') === part);
	docs.plan.transact(() => {
		rows.insert(lastOfPart === -1 ? rows.length : lastOfPart + 1, [mapOf({ id, part, letter, text }) as Y.Map<string>]);
	}, origin);
	return id;
}

export function editProvision(docs: BoardDocs, id: string, fields: { letter?: string; text?: string }, origin: TransactionOrigin): void {
	docs.plan.transact(() => {
		const m = findIn(provisionsArray(docs.plan), id);
		if (fields.letter !== undefined) m.set('letter', fields.letter);
		if (fields.text !== undefined) m.set('text', fields.text);
	}, origin);
}

/** Adds a category column at the end; returns its id. */
export function addCategory(docs: BoardDocs, name: string, origin: TransactionOrigin): string {
	const id = newId();
	docs.plan.transact(() => categoriesArray(docs.plan).push([mapOf({ id, name }) as Y.Map<string>]), origin);
	return id;
}

export function renameCategory(docs: BoardDocs, id: string, name: string, origin: TransactionOrigin): void {
	docs.plan.transact(() => findIn(categoriesArray(docs.plan), id).set('name', name), origin);
}

export function setBoardMeta(docs: BoardDocs, fields: { title?: string; asOf?: string }, origin: TransactionOrigin): void {
	docs.plan.transact(() => {
		const meta = metaMap(docs.plan);
		if (fields.title !== undefined) meta.set('title', fields.title);
		if (fields.asOf !== undefined) meta.set('asOf', fields.asOf);
	}, origin);
}
