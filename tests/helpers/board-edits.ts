import * as Y from 'yjs';
import { entriesMap, mapOf, newId, type TransactionOrigin } from '../../src/lib/board/doc';
import { readBoard } from '../../src/lib/board/view';

const USER: TransactionOrigin = { source: 'user' };

/** Adds an entry to the first cell of the board, as the grid would; returns its id. */
export function addEntry(doc: Y.Doc, text: string, id = newId()): string {
	const board = readBoard(doc);
	doc.transact(() => {
		entriesMap(doc).set(
			id,
			mapOf({
				provision: board.provisions[0].id,
				category: board.categories[0].id,
				body: 'SOMTC',
				text: new Y.Text(text),
				status: 'proposed',
				uncertain: false,
				order: 1000
			})
		);
	}, USER);
	return id;
}

/** Types `text` at the end of an entry's text (one transaction, like a keystroke). */
export function appendText(doc: Y.Doc, entryId: string, text: string): void {
	const yText = entriesMap(doc).get(entryId)?.get('text') as Y.Text | undefined;
	if (!yText) throw new Error(`no entry ${entryId}`);
	doc.transact(() => yText.insert(yText.length, text), USER);
}

export function entryText(doc: Y.Doc, entryId: string): string | undefined {
	return entriesMap(doc).get(entryId)?.get('text')?.toString();
}

/** The id of some seeded entry. */
export function firstEntryId(doc: Y.Doc): string {
	const id = readBoard(doc).entries[0]?.id;
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
