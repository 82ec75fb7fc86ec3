import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BoardDocs, PLAN_DOC, bodyDocName, type TransactionOrigin } from '$lib/board/doc';
import * as edit from '$lib/board/mutations';
import { entriesByCell, readBoard, type EntryView } from '$lib/board/view';
import { DocsUndo } from '$lib/client/docs-undo';
import { seededDocs } from '../helpers/seeded-doc';

const me = { source: 'user' as const, userId: 1 };

/** Exchanges every document of two boards both ways, as two synced peers would. */
function sync(a: BoardDocs, b: BoardDocs) {
	const names = new Set([...a.named()].map(([n]) => n).concat([...b.named()].map(([n]) => n)));
	for (const name of names) {
		const x = a.byName(name)!;
		const y = b.byName(name)!;
		Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)));
		Y.applyUpdate(x, Y.encodeStateAsUpdate(y, Y.encodeStateVector(x)));
	}
}

function entry(docs: BoardDocs, id: string): EntryView {
	const found = readBoard(docs).entries.find((e) => e.id === id);
	if (!found) throw new Error(`no entry ${id}`);
	return found;
}

/**
 * The seeded board, copied into documents that log the name of every
 * document an update is made in (body documents created later included).
 */
function observedDocs(arrange?: (docs: BoardDocs) => void): { docs: BoardDocs; written: string[] } {
	const written: string[] = [];
	const docs = new BoardDocs((name) => {
		const doc = new Y.Doc();
		doc.on('update', () => written.push(name));
		return doc;
	});
	for (const [name, doc] of seededDocs().named()) Y.applyUpdate(docs.byName(name)!, Y.encodeStateAsUpdate(doc));
	arrange?.(docs);
	written.length = 0;
	return { docs, written };
}

describe('board mutations', () => {
	it('adds an entry at the end of its cell as proposed, in its body’s document', () => {
		const docs = seededDocs();
		const id = edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Judicial training' }, me);
		const cell = entriesByCell(readBoard(docs).entries).get('C.a|training')!;
		expect(cell.map((e) => [e.id, e.body, e.text, e.status, e.progress])).toEqual([[id, 'ASLOM', 'Judicial training', 'proposed', 'proposed']]);
		expect(docs.bodyOfEntry(id)).toBe('ASLOM');
		// The entry carries no body field a client could claim: its document says whose it is.
		expect(docs.body('ASLOM').getMap('entries').get(id)).toBeInstanceOf(Y.Map);
		expect((docs.body('ASLOM').getMap('entries').get(id) as Y.Map<unknown>).has('body')).toBe(false);
	});

	it('places a new entry after its own body’s entries in the cell', () => {
		const docs = seededDocs();
		const som = () => entriesByCell(readBoard(docs).entries).get('A.a|prevention')!.filter((e) => e.body === 'SOM-ED');
		const before = som();
		const id = edit.addEntry(docs, { provision: 'A.a', category: 'prevention', body: 'SOM-ED', text: 'Another' }, me);
		expect(som().map((e) => e.id)).toEqual([...before.map((e) => e.id), id]);
		expect(entry(docs, id).order).toBeGreaterThan(Math.max(...before.map((e) => e.order)));
	});

	it('edits text with a minimal change so concurrent typing in one entry merges', () => {
		const a = seededDocs();
		const b = new BoardDocs();
		sync(a, b);
		const id = edit.addEntry(a, { provision: 'A.a', category: 'research', body: 'AICHR', text: 'Study of policies' }, me);
		sync(a, b);
		edit.setEntryText(a, id, 'Regional study of policies', me);
		edit.setEntryText(b, id, 'Study of policies on TIP', me);
		sync(a, b);
		expect(edit.entryText(a, id).toString()).toBe('Regional study of policies on TIP');
		expect(edit.entryText(b, id).toString()).toBe('Regional study of policies on TIP');
	});

	it('replaceText keeps the common prefix and suffix and reports whether it changed anything', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'Regional study');
		const deltas: unknown[] = [];
		text.observe((e) => deltas.push(e.delta));
		doc.transact(() => expect(edit.replaceText(text, 'Regional case study')).toBe(true));
		expect(text.toString()).toBe('Regional case study');
		expect(deltas).toEqual([[{ retain: 9 }, { insert: 'case ' }]]);
		expect(edit.replaceText(text, 'Regional case study')).toBe(false);
		expect(deltas).toHaveLength(1);
	});

	it('moves an entry to another cell, at the end of its body’s entries there', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries.find((e) => e.body === 'DGICM')!.id;
		edit.moveEntry(docs, id, 'A.a', 'prevention', me);
		const moved = entry(docs, id);
		expect([moved.provision, moved.category, moved.body]).toEqual(['A.a', 'prevention', 'DGICM']);
		const dgicm = entriesByCell(readBoard(docs).entries).get('A.a|prevention')!.filter((e) => e.body === 'DGICM');
		expect(dgicm.at(-1)!.id).toBe(id);
	});

	it('reorders within a body by writing only the moved entry', () => {
		const docs = seededDocs();
		const som = () => entriesByCell(readBoard(docs).entries).get('A.a|prevention')!.filter((e) => e.body === 'SOM-ED');
		const [first, second] = som();
		const others = () => readBoard(docs).entries.filter((e) => e.id !== second.id);
		const othersBefore = others();
		const updates: Uint8Array[] = [];
		docs.body('SOM-ED').on('update', (u: Uint8Array) => updates.push(u));
		expect(edit.reorderEntry(docs, second.id, -1, me)).toBe(true);
		expect(som()[0].id).toBe(second.id);
		expect(som()[1].id).toBe(first.id);
		expect(updates).toHaveLength(1);
		expect(others()).toEqual(othersBefore);
		expect(edit.reorderEntry(docs, second.id, -1, me)).toBe(false); // already first
		expect(edit.reorderEntry(docs, second.id, 1, me)).toBe(true);
		expect(som().map((e) => e.id).slice(0, 2)).toEqual([first.id, second.id]);
	});

	it('reorders among the entries of its own body only, however the cell interleaves bodies', () => {
		const docs = seededDocs();
		const cell = () => entriesByCell(readBoard(docs).entries).get('A.a|prevention')!;
		const somtc = cell().filter((e) => e.body === 'SOMTC');
		const last = somtc.at(-1)!;
		expect(edit.reorderEntry(docs, last.id, 1, me)).toBe(false); // last of SOMTC, whatever follows in the cell
		expect(edit.reorderEntry(docs, somtc[0].id, -1, me)).toBe(false);
	});

	it('reports progress: ongoing and completed are shown; agreed is not a progress', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries[0].id;
		edit.setEntryProgress(docs, id, 'ongoing', me);
		expect(entry(docs, id)).toMatchObject({ progress: 'ongoing', status: 'ongoing' });
		edit.setEntryProgress(docs, id, 'completed', me);
		expect(entry(docs, id)).toMatchObject({ progress: 'completed', status: 'completed' });
		edit.setEntryProgress(docs, id, 'proposed', me);
		expect(entry(docs, id)).toMatchObject({ progress: 'proposed', status: 'proposed' });
		// A body document that says "agreed" (an old client, a crafted update) does not make it agreed.
		const map = docs.body(docs.bodyOfEntry(id)!).getMap('entries').get(id) as Y.Map<unknown>;
		map.set('status', 'agreed');
		expect(entry(docs, id)).toMatchObject({ progress: 'proposed', status: 'proposed' });
		expect(entry(docs, id).decision).toBeUndefined();
	});

	it('records and withdraws agreement as a decision in the plan, with who, when and in which meeting', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries[0].id;
		edit.setDecision(docs, id, 'agreed', { userId: 7, meeting: 3, at: 1_700_000_000_000 }, me);
		expect(entry(docs, id)).toMatchObject({
			status: 'agreed',
			progress: 'proposed',
			decision: { state: 'agreed', by: 7, at: 1_700_000_000_000, meeting: 3 }
		});
		expect(docs.plan.getMap('decisions').has(id)).toBe(true);
		// The body's own progress is shown over the agreement it builds on, and the agreement stays.
		edit.setEntryProgress(docs, id, 'ongoing', me);
		expect(entry(docs, id)).toMatchObject({ status: 'ongoing', decision: { state: 'agreed' } });
		edit.setEntryProgress(docs, id, 'proposed', me);
		expect(entry(docs, id).status).toBe('agreed');
		edit.setDecision(docs, id, null, { userId: 7, meeting: null }, me);
		expect(entry(docs, id).status).toBe('proposed');
		expect(entry(docs, id).decision).toBeUndefined();
		expect(docs.plan.getMap('decisions').has(id)).toBe(false);
	});

	it('a decision outside a meeting records no meeting and the time it was taken', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries[1].id;
		const before = Date.now();
		edit.setDecision(docs, id, 'agreed', { userId: null, meeting: null }, me);
		const decision = entry(docs, id).decision!;
		expect(decision).toMatchObject({ state: 'agreed', by: null, meeting: null });
		expect(decision.at).toBeGreaterThanOrEqual(before);
		expect(decision.at).toBeLessThanOrEqual(Date.now());
	});

	it('sets the uncertain flag and leads, and clears a lead', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries[0].id;
		edit.setEntryUncertain(docs, id, true, me);
		expect(entry(docs, id).uncertain).toBe(true);
		edit.setEntryUncertain(docs, id, false, me);
		edit.setLead(docs, 'A.a', 'research', 'AICHR', me);
		let view = readBoard(docs);
		expect(view.entries.find((e) => e.id === id)).toMatchObject({ uncertain: false });
		expect(view.leads['A.a|research']).toBe('AICHR');
		edit.setLead(docs, 'A.a', 'research', null, me);
		view = readBoard(docs);
		expect(view.leads['A.a|research']).toBeUndefined();
	});

	it('deletes an entry', () => {
		const docs = seededDocs();
		const id = readBoard(docs).entries[0].id;
		edit.deleteEntry(docs, id, me);
		expect(readBoard(docs).entries.some((e) => e.id === id)).toBe(false);
		expect(readBoard(docs).entries).toHaveLength(114);
		expect(() => edit.deleteEntry(docs, id, me)).toThrow(`No entry ${id} on this board.`);
	});

	it('adds a provision at the end of its part, edits it, renames a category and sets the title and date', () => {
		const docs = seededDocs();
		const id = edit.addProvision(docs, 'B', 'i', 'A new protection provision.', me);
		const rows = readBoard(docs).provisions;
		const i = rows.findIndex((p) => p.id === id);
		expect(rows[i - 1].id).toBe('B.h');
		expect(rows[i + 1].id).toBe('C.a');
		edit.editProvision(docs, id, { text: 'A reworded provision.' }, me);
		expect(readBoard(docs).provisions[i]).toEqual({ id, part: 'B', letter: 'i', text: 'A reworded provision.' });
		edit.renameCategory(docs, 'training', 'Training and Capacity Building', me);
		expect(readBoard(docs).categories.find((c) => c.id === 'training')!.name).toBe('Training and Capacity Building');
		const added = edit.addCategory(docs, 'Protection', me);
		expect(readBoard(docs).categories.at(-1)).toEqual({ id: added, name: 'Protection' });
		edit.setBoardMeta(docs, { title: 'APA 2027', asOf: '2027-01-15' }, me);
		expect(readBoard(docs)).toMatchObject({ title: 'APA 2027', asOf: '2027-01-15' });
	});

	it('undoes only the tracked origin, across the documents a person writes', () => {
		const docs = seededDocs();
		const mine = { source: 'user' as const, userId: 1 };
		const theirs = { source: 'user' as const, userId: 2 };
		const undo = new DocsUndo(mine);
		undo.track(PLAN_DOC, docs.plan);
		undo.track(bodyDocName('ASLOM'), docs.body('ASLOM'));
		// Both entries in the same document: undo must still tell them apart by origin.
		const a = edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'mine' }, mine);
		const b = edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'theirs' }, theirs);
		edit.setLead(docs, 'C.a', 'training', 'ASLOM', mine);
		undo.undo(); // the last of mine: the lead, in the plan
		expect(readBoard(docs).leads['C.a|training']).toBeUndefined();
		expect(readBoard(docs).entries.map((e) => e.id)).toContain(a);
		undo.undo(); // then my entry, in ASLOM's document
		const ids = readBoard(docs).entries.map((e) => e.id);
		expect(ids).not.toContain(a);
		expect(ids).toContain(b);
		expect(undo.canUndo).toBe(false);
		undo.destroy();
	});
});

describe('each mutation writes exactly one document', () => {
	const ENTRY = 'seed-0001';
	/** Mutation → the document it must write (the seeded entries seed-0001 and seed-0002 are ACWC's, in one cell). */
	const cases: Array<[string, (docs: BoardDocs, o: TransactionOrigin) => unknown, string, ((docs: BoardDocs) => void)?]> = [
		['addEntry', (d, o) => edit.addEntry(d, { provision: 'C.a', category: 'training', body: 'SOMTC', text: 'New' }, o), 'body:SOMTC'],
		// ASLOM has no seeded entries: its document is made by this first write.
		['addEntry (a body with no document yet)', (d, o) => edit.addEntry(d, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'New' }, o), 'body:ASLOM'],
		['setEntryText', (d, o) => edit.setEntryText(d, ENTRY, 'Rewritten', o), 'body:ACWC'],
		['deleteEntry', (d, o) => edit.deleteEntry(d, ENTRY, o), 'body:ACWC'],
		['setEntryProgress', (d, o) => edit.setEntryProgress(d, ENTRY, 'ongoing', o), 'body:ACWC'],
		['setEntryUncertain', (d, o) => edit.setEntryUncertain(d, ENTRY, true, o), 'body:ACWC'],
		['moveEntry', (d, o) => edit.moveEntry(d, ENTRY, 'D.a', 'institutional', o), 'body:ACWC'],
		['reorderEntry', (d, o) => expect(edit.reorderEntry(d, 'seed-0002', -1, o)).toBe(true), 'body:ACWC'],
		['setDecision agreed', (d, o) => edit.setDecision(d, ENTRY, 'agreed', { userId: 1, meeting: null }, o), PLAN_DOC],
		[
			'setDecision withdrawn',
			(d, o) => edit.setDecision(d, ENTRY, null, { userId: 1, meeting: null }, o),
			PLAN_DOC,
			(d) => edit.setDecision(d, ENTRY, 'agreed', { userId: 1, meeting: null }, me)
		],
		['setLead', (d, o) => edit.setLead(d, 'A.a', 'research', 'AICHR', o), PLAN_DOC],
		['setLead cleared', (d, o) => edit.setLead(d, 'A.a', 'research', null, o), PLAN_DOC, (d) => edit.setLead(d, 'A.a', 'research', 'AICHR', me)],
		['addProvision', (d, o) => edit.addProvision(d, 'B', 'i', 'New provision.', o), PLAN_DOC],
		['editProvision', (d, o) => edit.editProvision(d, 'A.a', { letter: 'a', text: 'Reworded.' }, o), PLAN_DOC],
		['addCategory', (d, o) => edit.addCategory(d, 'Protection', o), PLAN_DOC],
		['renameCategory', (d, o) => edit.renameCategory(d, 'training', 'Training', o), PLAN_DOC],
		['setBoardMeta', (d, o) => edit.setBoardMeta(d, { title: 'T', asOf: '2027-01-15' }, o), PLAN_DOC]
	];

	it('the seeded entries the cases use are where they expect them', () => {
		const docs = seededDocs();
		expect(docs.bodyOfEntry(ENTRY)).toBe('ACWC');
		expect(docs.bodyOfEntry('seed-0002')).toBe('ACWC');
		expect(docs.bodies.has('ASLOM')).toBe(false);
		const [one, two] = [entry(docs, ENTRY), entry(docs, 'seed-0002')];
		expect([two.provision, two.category]).toEqual([one.provision, one.category]);
		expect(one.order).toBeLessThan(two.order);
	});

	for (const [name, mutate, expected, arrange] of cases) {
		it(`${name} writes ${expected} only, in one update`, () => {
			const { docs, written } = observedDocs(arrange);
			mutate(docs, me);
			expect(written).toEqual([expected]);
		});
	}

	it('the observed documents see an update in any of them (the check can fail)', () => {
		const { docs, written } = observedDocs();
		edit.setLead(docs, 'A.a', 'research', 'AICHR', me);
		edit.setEntryText(docs, ENTRY, 'Rewritten', me);
		expect(written).toEqual([PLAN_DOC, 'body:ACWC']);
	});

	it('no document is written when nothing changes', () => {
		const { docs, written } = observedDocs();
		edit.setEntryText(docs, ENTRY, entry(docs, ENTRY).text, me);
		expect(written).toEqual([]);
	});
});
