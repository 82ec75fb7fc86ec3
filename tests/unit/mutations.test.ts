import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as edit from '$lib/board/mutations';
import { entriesByCell, readBoard } from '$lib/board/view';
import { seededDoc } from '../helpers/seeded-doc';

const me = { source: 'user' as const, userId: 1 };

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('board mutations', () => {
	it('adds an entry at the end of its cell as proposed', () => {
		const doc = seededDoc();
		const id = edit.addEntry(doc, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Judicial training' }, me);
		const cell = entriesByCell(readBoard(doc).entries).get('C.a|training')!;
		expect(cell.map((e) => [e.id, e.body, e.text, e.status])).toEqual([[id, 'ASLOM', 'Judicial training', 'proposed']]);
	});

	it('edits text with a minimal change so concurrent typing in one entry merges', () => {
		const a = seededDoc();
		const b = new Y.Doc();
		sync(a, b);
		const id = edit.addEntry(a, { provision: 'A.a', category: 'research', body: 'AICHR', text: 'Study of policies' }, me);
		sync(a, b);
		edit.setEntryText(a, id, 'Regional study of policies', me);
		edit.setEntryText(b, id, 'Study of policies on TIP', me);
		sync(a, b);
		expect(edit.entryText(a, id).toString()).toBe('Regional study of policies on TIP');
		expect(edit.entryText(b, id).toString()).toBe('Regional study of policies on TIP');
	});

	it('moves an entry to another cell, at its end', () => {
		const doc = seededDoc();
		const id = readBoard(doc).entries.find((e) => e.body === 'DGICM')!.id;
		edit.moveEntry(doc, id, 'D.a', 'institutional', me);
		const moved = readBoard(doc).entries.find((e) => e.id === id)!;
		expect([moved.provision, moved.category]).toEqual(['D.a', 'institutional']);
	});

	it('reorders within a body by writing only the moved entry', () => {
		const doc = seededDoc();
		const som = () => entriesByCell(readBoard(doc).entries).get('A.a|prevention')!.filter((e) => e.body === 'SOM-ED');
		const [first, second] = som();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		expect(edit.reorderEntry(doc, second.id, -1, me)).toBe(true);
		expect(som()[0].id).toBe(second.id);
		expect(som()[1].id).toBe(first.id);
		expect(updates).toHaveLength(1);
		expect(edit.reorderEntry(doc, second.id, -1, me)).toBe(false); // already first
	});

	it('sets status, the uncertain flag and leads, and clears a lead', () => {
		const doc = seededDoc();
		const id = readBoard(doc).entries[0].id;
		edit.setEntryStatus(doc, id, 'agreed', me);
		edit.setEntryUncertain(doc, id, false, me);
		edit.setLead(doc, 'A.a', 'research', 'AICHR', me);
		let view = readBoard(doc);
		expect(view.entries.find((e) => e.id === id)).toMatchObject({ status: 'agreed', uncertain: false });
		expect(view.leads['A.a|research']).toBe('AICHR');
		edit.setLead(doc, 'A.a', 'research', null, me);
		view = readBoard(doc);
		expect(view.leads['A.a|research']).toBeUndefined();
	});

	it('deletes an entry', () => {
		const doc = seededDoc();
		const id = readBoard(doc).entries[0].id;
		edit.deleteEntry(doc, id, me);
		expect(readBoard(doc).entries.some((e) => e.id === id)).toBe(false);
		expect(readBoard(doc).entries).toHaveLength(114);
	});

	it('adds a provision at the end of its part and renames a category', () => {
		const doc = seededDoc();
		const id = edit.addProvision(doc, 'B', 'i', 'A new protection provision.', me);
		const rows = readBoard(doc).provisions;
		const i = rows.findIndex((p) => p.id === id);
		expect(rows[i - 1].id).toBe('B.h');
		expect(rows[i + 1].id).toBe('C.a');
		edit.renameCategory(doc, 'training', 'Training and Capacity Building', me);
		expect(readBoard(doc).categories.find((c) => c.id === 'training')!.name).toBe('Training and Capacity Building');
		const added = edit.addCategory(doc, 'Protection', me);
		expect(readBoard(doc).categories.at(-1)).toEqual({ id: added, name: 'Protection' });
	});

	it('undoes only the tracked origin', () => {
		const doc = seededDoc();
		const mine = { source: 'user' as const, userId: 1 };
		const theirs = { source: 'user' as const, userId: 2 };
		const undo = new Y.UndoManager(doc.getMap('entries'), { trackedOrigins: new Set([mine]) });
		const a = edit.addEntry(doc, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'mine' }, mine);
		const b = edit.addEntry(doc, { provision: 'C.a', category: 'training', body: 'SOMTC', text: 'theirs' }, theirs);
		undo.undo();
		const ids = readBoard(doc).entries.map((e) => e.id);
		expect(ids).not.toContain(a);
		expect(ids).toContain(b);
	});
});
