import { describe, expect, it } from 'vitest';
import { addCategory, addProvision, editProvision, renameCategory, setBoardMeta } from '$lib/board/mutations';
import { describeStructureChange, readStructure, structureChanges } from '$lib/board/structure-history';
import { seededDoc } from '../helpers/seeded-doc';

const ORIGIN = { source: 'user' as const, userId: 1 };

describe('structure history', () => {
	it('finds nothing when only entries change', () => {
		const doc = seededDoc();
		expect(structureChanges(readStructure(doc), readStructure(doc))).toEqual([]);
	});

	it('names an edited provision by its reference and keeps both wordings', () => {
		const doc = seededDoc();
		const before = readStructure(doc);
		editProvision(doc, 'A.b', { text: 'A new wording of A.b' }, ORIGIN);
		const [change, ...rest] = structureChanges(before, readStructure(doc));
		expect(rest).toEqual([]);
		expect(change).toMatchObject({ target: 'provision', targetId: 'A.b', kind: 'edited', after: { part: 'A', letter: 'b', text: 'A new wording of A.b' } });
		expect(change.before!.text).toMatch(/^Continue capacity building/);
		expect(describeStructureChange(change)).toBe('changed the wording of A.b');
	});

	it('tells a renumbering from a rewording', () => {
		const doc = seededDoc();
		const before = readStructure(doc);
		editProvision(doc, 'A.b', { letter: 'bb' }, ORIGIN);
		expect(structureChanges(before, readStructure(doc)).map(describeStructureChange)).toEqual(['renumbered A.b as A.bb']);
	});

	it('lists the board first, then columns, then provisions, for added, renamed and removed things', () => {
		const doc = seededDoc();
		const before = readStructure(doc);
		const id = addProvision(doc, 'B', 'i', 'A ninth provision of part B', ORIGIN);
		const column = addCategory(doc, 'Monitoring', ORIGIN);
		renameCategory(doc, 'training', 'Training', ORIGIN);
		setBoardMeta(doc, { title: 'APA 2026', asOf: '2026-11-23' }, ORIGIN);
		const changes = structureChanges(before, readStructure(doc));
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
		const removed = structureChanges(readStructure(doc), before);
		expect(removed.filter((c) => c.kind === 'removed').map(describeStructureChange)).toEqual(['removed the column “Monitoring”', 'removed provision B.i']);
	});
});
