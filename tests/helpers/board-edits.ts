import * as Y from 'yjs';
import { entriesMap, mapOf, newId, type BoardDocs, type TransactionOrigin } from '../../src/lib/board/doc';
import { readBoard } from '../../src/lib/board/view';

const USER: TransactionOrigin = { source: 'user' };

/** Adds an entry of `body` (SOMTC unless given) to the first cell of the board, as the grid would; returns its id. */
export function addEntry(docs: BoardDocs, text: string, { id = newId(), body = 'SOMTC' }: { id?: string; body?: string } = {}): string {
	const board = readBoard(docs);
	const doc = docs.body(body);
	doc.transact(() => {
		entriesMap(doc).set(
			id,
			mapOf({
				provision: board.provisions[0].id,
				category: board.categories[0].id,
				text: new Y.Text(text),
				status: 'proposed',
				uncertain: false,
				order: 1000
			})
		);
	}, USER);
	return id;
}

function textOf(docs: BoardDocs, entryId: string): { doc: Y.Doc; text: Y.Text } | undefined {
	const body = docs.bodyOfEntry(entryId);
	if (!body) return undefined;
	const doc = docs.body(body);
	const text = entriesMap(doc).get(entryId)?.get('text') as Y.Text | undefined;
	return text && { doc, text };
}

/** Types `text` at the end of an entry's text (one transaction, like a keystroke). */
export function appendText(docs: BoardDocs, entryId: string, text: string): void {
	const found = textOf(docs, entryId);
	if (!found) throw new Error(`no entry ${entryId}`);
	found.doc.transact(() => found.text.insert(found.text.length, text), USER);
}

export function entryText(docs: BoardDocs, entryId: string): string | undefined {
	return textOf(docs, entryId)?.text.toString();
}

/** The id of some seeded entry (of `body`, when given). */
export function firstEntryId(docs: BoardDocs, body?: string): string {
	const id = readBoard(docs).entries.find((e) => !body || e.body === body)?.id;
	if (!id) throw new Error('the board has no entries');
	return id;
}

/** True when `doc` holds everything in `other` (state vector and deletions), i.e. merging changes nothing. */
export function contains(doc: Y.Doc, other: Uint8Array): boolean {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateAsUpdate(copy);
	Y.applyUpdate(copy, other);
	const same = Buffer.from(Y.encodeStateAsUpdate(copy)).equals(Buffer.from(before));
	copy.destroy();
	return same;
}
