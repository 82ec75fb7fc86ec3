import { describe, expect, it } from 'vitest';
import { cellKey } from '$lib/board/doc';
import { addEntry, deleteEntry, setEntryText, setLead } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { cellName, describeCellChange, snapshotCell } from '$lib/client/cell-announcement';
import { seededDocs } from '../helpers/seeded-doc';

const USER = { source: 'user' } as const;
const CELL = cellKey('A.a', 'prevention');

describe('announcing others\' changes in the focused cell', () => {
	it('says who added, edited and removed what, and a new lead, in one sentence', () => {
		const docs = seededDocs();
		const before = snapshotCell(readBoard(docs), CELL);
		const id = addEntry(docs, { body: 'SOMHD', provision: 'A.a', category: 'prevention', text: 'Health worker briefings' }, USER);
		setLead(docs, 'A.a', 'prevention', 'SOMTC', USER);
		const view = readBoard(docs);
		expect(cellName(view, CELL)).toBe('A.a, Prevention');
		expect(describeCellChange(before, snapshotCell(view, CELL), cellName(view, CELL))).toBe(
			'A.a, Prevention: SOMHD added “Health worker briefings”; the lead is now SOMTC.'
		);

		const middle = snapshotCell(view, CELL);
		setEntryText(docs, id, 'Health worker briefings in 2017', USER);
		expect(describeCellChange(middle, snapshotCell(readBoard(docs), CELL), 'here')).toBe('here: SOMHD edited an activity, now “Health worker briefings in 2017”.');
		const edited = snapshotCell(readBoard(docs), CELL);
		deleteEntry(docs, id, USER);
		expect(describeCellChange(edited, snapshotCell(readBoard(docs), CELL), 'here')).toBe('here: SOMHD removed “Health worker briefings in 2017”.');
	});

	it('says nothing when the cell did not change, and sums up many changes', () => {
		const docs = seededDocs();
		const before = snapshotCell(readBoard(docs), CELL);
		setLead(docs, 'B.a', 'prevention', 'SOMTC', USER);
		expect(describeCellChange(before, snapshotCell(readBoard(docs), CELL), 'here')).toBeNull();
		for (const text of ['one', 'two', 'three', 'four']) addEntry(docs, { body: 'ACWC', provision: 'A.a', category: 'prevention', text }, USER);
		expect(describeCellChange(before, snapshotCell(readBoard(docs), CELL), 'here')).toMatch(/^here: 4 changes by others\. ACWC added “one”; ACWC added “two”; and more\.$/);
	});
});
