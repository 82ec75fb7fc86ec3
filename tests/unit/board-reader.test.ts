import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { BoardReader } from '$lib/board/board-reader';
import { bodyDocName, PLAN_DOC, type BoardDocs } from '$lib/board/doc';
import { applyFilters, NO_FILTERS, stableFiltered } from '$lib/board/filters';
import { addEntry, deleteEntry, moveEntry, reorderEntry, setDecision, setEntryProgress, setEntryText, setEntryUncertain, setLead } from '$lib/board/mutations';
import { entriesByCell, readBoard, type BoardView } from '$lib/board/view';
import { seededDocs } from '../helpers/seeded-doc';

const USER = { source: 'user' } as const;

/** A reader told of every change to `docs` (by document only, or, as the live board tells it, with the transaction: then it may patch the entries a change touched). */
function watched(docs: BoardDocs, { transactions = false } = {}): BoardReader {
	const reader = new BoardReader();
	for (const [name, doc] of docs.named()) {
		doc.on('update', (_u: Uint8Array, _o: unknown, _d: unknown, transaction: Y.Transaction) => reader.changed(name, transactions ? transaction : undefined));
	}
	return reader;
}

/** The entries of `after` that are new objects against `before`. */
const renewed = (before: BoardView, after: BoardView) => after.entries.filter((e, i) => e !== before.entries[i]);

const firstOf = (docs: BoardDocs, body: string) => readBoard(docs).entries.find((e) => e.body === body)!;

describe('BoardReader', () => {
	it('reads what readBoard reads, and the same object again when nothing changed', () => {
		const docs = seededDocs();
		const reader = watched(docs);
		const view = reader.read(docs);
		expect(view).toEqual(readBoard(docs));
		expect(reader.read(docs)).toBe(view);
	});

	for (const [how, transactions] of [['told the document', false], ['told the transaction (patched in)', true]] as const) {
		it(`after a keystroke in one entry, only that entry is a new object (${how})`, () => {
			const docs = seededDocs();
			const reader = watched(docs, { transactions });
			const before = reader.read(docs);
			const typed = firstOf(docs, transactions ? 'SOM-ED' : 'SOMTC');
			setEntryText(docs, typed.id, `${typed.text}!`, USER);
			const after = reader.read(docs);
			expect(after).toEqual(readBoard(docs));
			expect(after).not.toBe(before);
			expect(after.provisions).toBe(before.provisions);
			expect(after.leads).toBe(before.leads);
			const changed = renewed(before, after);
			expect(changed.map((e) => e.id)).toEqual([typed.id]);
			expect(changed[0].text).toBe(`${typed.text}!`);
			expect(reader.read(docs)).toBe(after);
		});
	}

	it('a decision in the plan re-reads the bodies, and still renews only the entry it is about', () => {
		const docs = seededDocs();
		const reader = watched(docs);
		const before = reader.read(docs);
		const decided = firstOf(docs, 'SOM-ED');
		setDecision(docs, decided.id, 'agreed', { userId: 3, meeting: null, at: 1 }, USER);
		const after = reader.read(docs);
		expect(after).toEqual(readBoard(docs));
		expect(renewed(before, after).map((e) => e.id)).toEqual([decided.id]);
		expect(after.entries.find((e) => e.id === decided.id)!.status).toBe('agreed');
	});

	it('a lead renews the leads only; a change it was not told of is not read (it re-reads what it is told)', () => {
		const docs = seededDocs();
		const reader = new BoardReader();
		const before = reader.read(docs);
		setLead(docs, 'A.a', 'research', 'SOMTC', USER);
		expect(reader.read(docs)).toBe(before);
		reader.changed(PLAN_DOC);
		const after = reader.read(docs);
		expect(after.leads).not.toBe(before.leads);
		expect(after.leads['A.a|research']).toBe('SOMTC');
		expect(after.entries).toBe(before.entries);
		const typed = firstOf(docs, 'ACWC');
		setEntryText(docs, typed.id, 'new', USER);
		reader.changed(bodyDocName('ACWC'));
		expect(reader.read(docs)).toEqual(readBoard(docs));
	});
});

describe('stableFiltered', () => {
	it('keeps each unchanged cell’s list and the sets the same objects', () => {
		const docs = seededDocs();
		const reader = watched(docs);
		const filter = () => {
			const view = reader.read(docs);
			return applyFilters(view, entriesByCell(view.entries), NO_FILTERS, () => undefined);
		};
		const before = filter();
		const typed = firstOf(docs, 'SOMTC');
		setEntryText(docs, typed.id, `${typed.text}?`, USER);
		const after = stableFiltered(before, filter());
		const key = `${typed.provision}|${typed.category}`;
		expect(after.cells.get(key)).not.toBe(before.cells.get(key));
		for (const [k, list] of after.cells) if (k !== key) expect(list, k).toBe(before.cells.get(k));
		expect(after.provisions).toBe(before.provisions);
		expect(after.categories).toBe(before.categories);
		expect(after.gaps).toBe(before.gaps);
		expect(after.gapKind).toBe(before.gapKind);
	});

	it('told the transactions, patches a keystroke into the last view and reads the rest again: always what readBoard reads', () => {
		const docs = seededDocs();
		const reader = watched(docs, { transactions: true });
		let view = reader.read(docs);
		const typed = firstOf(docs, 'SOMTC');
		const other = firstOf(docs, 'ACWC');
		const steps: [string, () => void][] = [
			['a keystroke', () => setEntryText(docs, typed.id, `${typed.text}!`, USER)],
			['keystrokes in two bodies', () => (setEntryText(docs, typed.id, `${typed.text}!?`, USER), setEntryText(docs, other.id, `${other.text}.`, USER))],
			['a progress status', () => setEntryProgress(docs, typed.id, 'ongoing', USER)],
			['the uncertain flag', () => setEntryUncertain(docs, other.id, true, USER)],
			['an entry added', () => addEntry(docs, { provision: typed.provision, category: typed.category, body: 'SOMTC', text: 'Another' }, USER)],
			['a reorder', () => reorderEntry(docs, typed.id, 1, USER)],
			['a move', () => moveEntry(docs, typed.id, other.provision, other.category, USER)],
			['a decision', () => setDecision(docs, other.id, 'agreed', { userId: 3, meeting: null, at: 1 }, USER)],
			['an entry deleted', () => deleteEntry(docs, other.id, USER)]
		];
		for (const [what, step] of steps) {
			const before = view;
			step();
			view = reader.read(docs);
			expect(view, what).toEqual(readBoard(docs));
			expect(view.provisions, what).toBe(before.provisions);
		}
	});
});
