import type * as Y from 'yjs';
import { cellKey, type TransactionOrigin } from '../../src/lib/board/doc';
import { entryText as liveText, setEntryText } from '../../src/lib/board/mutations';
import { readBoard, type EntryView } from '../../src/lib/board/view';

/** A seeded cell holding both SOMTC and SOM-ED entries (seeds/matrix-2016.json). */
export const SHARED_CELL = cellKey('A.a', 'institutional');

export const USER: TransactionOrigin = { source: 'user' };

/** The entries of `body` in a cell, in display order. */
export function entriesOf(doc: Y.Doc, cell: string, body: string): EntryView[] {
	return readBoard(doc).entries.filter((e) => cellKey(e.provision, e.category) === cell && e.body === body);
}

/** The first entry of `body` in `cell`. */
export function firstOf(doc: Y.Doc, cell: string, body: string): EntryView {
	const entry = entriesOf(doc, cell, body)[0];
	if (!entry) throw new Error(`no ${body} entry in ${cell}`);
	return entry;
}

/** Types `text` at the end of an entry, one character per transaction (as keystrokes arrive). */
export function typeInto(doc: Y.Doc, entryId: string, text: string): void {
	for (const ch of text) {
		const t = liveText(doc, entryId);
		doc.transact(() => t.insert(t.length, ch), USER);
	}
}

/** Replaces an entry's text in one transaction. */
export function replaceText(doc: Y.Doc, entryId: string, text: string): void {
	setEntryText(doc, entryId, text, USER);
}

/** The entry's current text, or undefined when it does not exist. */
export function textOf(doc: Y.Doc, entryId: string): string | undefined {
	return readBoard(doc).entries.find((e) => e.id === entryId)?.text;
}
