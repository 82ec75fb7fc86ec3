import type * as Y from 'yjs';
import { cellKey, type BoardDocs, type TransactionOrigin } from '../../src/lib/board/doc';
import { entryText as liveText, setEntryText } from '../../src/lib/board/mutations';
import { readBoard, type EntryView } from '../../src/lib/board/view';

/** A seeded cell holding both SOMTC and SOM-ED entries (seeds/matrix-2016.json). */
export const SHARED_CELL = cellKey('A.a', 'institutional');

export const USER: TransactionOrigin = { source: 'user' };

/** The entries of `body` in a cell, in display order. */
export function entriesOf(docs: BoardDocs, cell: string, body: string): EntryView[] {
	return readBoard(docs).entries.filter((e) => cellKey(e.provision, e.category) === cell && e.body === body);
}

/** The first entry of `body` in `cell`. */
export function firstOf(docs: BoardDocs, cell: string, body: string): EntryView {
	const entry = entriesOf(docs, cell, body)[0];
	if (!entry) throw new Error(`no ${body} entry in ${cell}`);
	return entry;
}

/** Types `text` at the end of an entry, one character per transaction (as keystrokes arrive). */
export function typeInto(docs: BoardDocs, entryId: string, text: string): void {
	for (const ch of text) {
		const t = liveText(docs, entryId);
		(t.doc as Y.Doc).transact(() => t.insert(t.length, ch), USER);
	}
}

/** Replaces an entry's text in one transaction. */
export function replaceText(docs: BoardDocs, entryId: string, text: string): void {
	setEntryText(docs, entryId, text, USER);
}

/** The entry's current text, or undefined when it does not exist. */
export function textOf(docs: BoardDocs, entryId: string): string | undefined {
	return readBoard(docs).entries.find((e) => e.id === entryId)?.text;
}
