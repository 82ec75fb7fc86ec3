import { describe, expect, it } from 'vitest';
import { compareBoards, tokenize, wordDiff, type DiffPart } from '$lib/board/diff';
import { addEntry, deleteEntry, moveEntry, setDecision, setEntryProgress, setEntryText, setLead } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { seededDocs } from '../helpers/seeded-doc';

const join = (parts: DiffPart[], keep: 'add' | 'del') => parts.filter((p) => p.op !== keep).map((p) => p.text).join('');
const ORIGIN = { source: 'user' } as const;

describe('wordDiff', () => {
	it('marks whole words, keeping whitespace', () => {
		expect(wordDiff('Regional training for police', 'Regional training for prosecutors and police')).toEqual([
			{ op: 'same', text: 'Regional training for ' },
			{ op: 'add', text: 'prosecutors and ' },
			{ op: 'same', text: 'police' }
		]);
		expect(wordDiff('one two three', 'one three')).toEqual([
			{ op: 'same', text: 'one ' },
			{ op: 'del', text: 'two ' },
			{ op: 'same', text: 'three' }
		]);
		expect(wordDiff('draft', 'final')).toEqual([
			{ op: 'del', text: 'draft' },
			{ op: 'add', text: 'final' }
		]);
	});

	it('handles empty sides and identical texts', () => {
		expect(wordDiff('', 'new text')).toEqual([{ op: 'add', text: 'new text' }]);
		expect(wordDiff('old text', '')).toEqual([{ op: 'del', text: 'old text' }]);
		expect(wordDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
		expect(wordDiff('', '')).toEqual([]);
	});

	it('reconstructs both texts, and finds a longest common subsequence in the middle', () => {
		const cases: [string, string][] = [
			['a b c d e f', 'a x c d y f'],
			['The  quick\nbrown fox', 'The quick brown\nfox jumps'],
			['Conduct (i) study; (ii) workshop', 'Conduct (ii) workshop; (i) study'],
			['x '.repeat(300), 'y '.repeat(300)]
		];
		for (const [a, b] of cases) {
			const parts = wordDiff(a, b);
			expect(join(parts, 'add')).toBe(a);
			expect(join(parts, 'del')).toBe(b);
		}
		const same = wordDiff('a b c d e f', 'a x c d y f').filter((p) => p.op === 'same').map((p) => p.text).join('');
		expect(tokenize(same).filter((t) => t.trim())).toEqual(['a', 'c', 'd', 'f']);
	});

	it('stays fast on long texts by falling back to one replacement', () => {
		const a = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
		const b = Array.from({ length: 2000 }, (_, i) => `v${i}`).join(' ');
		const t0 = performance.now();
		const parts = wordDiff(a, b);
		expect(performance.now() - t0).toBeLessThan(200);
		expect(join(parts, 'add')).toBe(a);
		expect(join(parts, 'del')).toBe(b);
	});
});

describe('compareBoards', () => {
	it('lists per cell the entries added, removed, changed and moved, and lead changes', () => {
		const docs = seededDocs();
		const a = readBoard(docs);
		const [first, second, third, fourth, fifth] = a.entries;
		setEntryText(docs, first.id, `${first.text} (revised)`, ORIGIN);
		setDecision(docs, second.id, 'agreed', { userId: 1, meeting: null }, ORIGIN);
		deleteEntry(docs, third.id, ORIGIN);
		moveEntry(docs, fourth.id, 'D.a', 'prevention', ORIGIN);
		setEntryProgress(docs, fifth.id, 'ongoing', ORIGIN);
		const added = addEntry(docs, { provision: 'B.a', category: 'research', body: 'SOMTC', text: 'New study' }, ORIGIN);
		setLead(docs, 'B.a', 'research', 'SOMTC', ORIGIN);
		const b = readBoard(docs);

		const cells = compareBoards(a, b);
		const byCell = new Map(cells.map((c) => [c.cell, c]));
		const cellOf = (e: { provision: string; category: string }) => `${e.provision}|${e.category}`;
		const changedFirst = byCell.get(cellOf(first))!.changed.find((c) => c.after.id === first.id)!;
		expect(changedFirst.fields).toEqual(['text']);
		// Agreement is a decision in the plan, progress the body's own: each shows as a status change too.
		expect(byCell.get(cellOf(second))!.changed.find((c) => c.after.id === second.id)!.fields).toEqual(['status', 'decision']);
		expect(byCell.get(cellOf(fifth))!.changed.find((c) => c.after.id === fifth.id)!.fields).toEqual(['status', 'progress']);
		expect(byCell.get(cellOf(third))!.removed.map((e) => e.id)).toContain(third.id);
		expect(byCell.get(cellOf(fourth))!.removed.find((e) => e.id === fourth.id)?.movedTo).toBe('D.a|prevention');
		expect(byCell.get('D.a|prevention')!.added.find((e) => e.id === fourth.id)?.movedFrom).toBe(cellOf(fourth));
		expect(byCell.get('B.a|research')!.added.map((e) => e.id)).toEqual([added]);
		expect(byCell.get('B.a|research')!.lead).toEqual({ before: null, after: 'SOMTC' });

		// In board order, and nothing for unchanged cells.
		expect(compareBoards(a, a)).toEqual([]);
		const provisions = a.provisions.map((p) => p.id);
		const rowIndex = cells.map((c) => provisions.indexOf(c.cell.split('|')[0]));
		expect(rowIndex).toEqual([...rowIndex].sort((x, y) => x - y));
	});
});
