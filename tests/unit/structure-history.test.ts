import { describe, expect, it } from 'vitest';
import { addCategory, addProvision, editProvision, renameCategory, setBoardMeta, setDecision, setEntryText } from '$lib/board/mutations';
import { describeStructureChange, readStructure, structureChanges } from '$lib/board/structure-history';
import { readBoard } from '$lib/board/view';
import { seededDocs } from '../helpers/seeded-doc';

const ORIGIN = { source: 'user' as const, userId: 1 };

describe('structure history', () => {
	it('finds nothing when only entries change', () => {
		const docs = seededDocs();
		const before = readStructure(docs.plan);
		const entry = readBoard(docs).entries[0];
		setEntryText(docs, entry.id, `${entry.text} (edited)`, ORIGIN);
		setDecision(docs, entry.id, 'agreed', { userId: 1, meeting: null }, ORIGIN);
		expect(structureChanges(before, readStructure(docs.plan))).toEqual([]);
	});

	it('names an edited provision by its reference and keeps both wordings', () => {
		const docs = seededDocs();
		const before = readStructure(docs.plan);
		editProvision(docs, 'A.b', { text: 'A new wording of A.b' }, ORIGIN);
		const [change, ...rest] = structureChanges(before, readStructure(docs.plan));
		expect(rest).toEqual([]);
		expect(change).toMatchObject({ target: 'provision', targetId: 'A.b', kind: 'edited', after: { part: 'A', letter: 'b', text: 'A new wording of A.b' } });
		expect(change.before!.text).toMatch(/^Continue capacity building/);
		expect(describeStructureChange(change)).toBe('changed the wording of A.b');
	});

	it('tells a renumbering from a rewording', () => {
		const docs = seededDocs();
		const before = readStructure(docs.plan);
		editProvision(docs, 'A.b', { letter: 'bb' }, ORIGIN);
		expect(structureChanges(before, readStructure(docs.plan)).map(describeStructureChange)).toEqual(['renumbered A.b as A.bb']);
	});

	it('lists the board first, then columns, then provisions, for added, renamed and removed things', () => {
		const docs = seededDocs();
		const before = readStructure(docs.plan);
		const id = addProvision(docs, 'B', 'i', 'A ninth provision of part B', ORIGIN);
		const column = addCategory(docs, 'Monitoring', ORIGIN);
		renameCategory(docs, 'training', 'Training', ORIGIN);
		setBoardMeta(docs, { title: 'APA 2026', asOf: '2026-11-23' }, ORIGIN);
		const changes = structureChanges(before, readStructure(docs.plan));
		expect(changes.map((c) => [c.target, c.targetId, c.kind])).toEqual([
			['board', 'board', 'edited'],
			['category', 'training', 'edited'],
			['category', column, 'added'],
			['provision', id, 'added']
		]);
		expect(changes.map(describeStructureChange)).toEqual([
			'changed the title and the “as of” date',
			'renamed the column “Training/Capacity Building” to “Training”',
			'added the column “Monitoring”',
			'added provision B.i'
		]);
		const removed = structureChanges(readStructure(docs.plan), before);
		expect(removed.filter((c) => c.kind === 'removed').map(describeStructureChange)).toEqual(['removed the column “Monitoring”', 'removed provision B.i']);
	});
});
