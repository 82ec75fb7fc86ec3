import { describe, expect, it } from 'vitest';
import { moveEntry, setEntryText, setEntryUncertain } from '$lib/board/mutations';
import { explainUncertain, reviewQueue } from '$lib/board/uncertain';
import { stableView } from '$lib/board/board-reader';
import { readBoard } from '$lib/board/view';
import { seededDocs, seeds } from '../helpers/seeded-doc';

describe('uncertain entries in plain words', () => {
	it('says what is in doubt without the transcription terms, and where in the 2016 matrix', () => {
		const lost = explainUncertain('Row has 5 fields (line 10): one empty column was lost; the first field is Institutional.');
		expect(lost).toEqual({ plain: expect.stringContaining('Which category (column)'), source: 'Line 10', lines: { from: 10, to: 10 } });
		expect(lost.plain).not.toMatch(/field/);
		expect(explainUncertain('One cell spread over lines 37-60 (one text line per row, 5 fields)')).toMatchObject({ source: 'Lines 37–60', lines: { from: 37, to: 60 } });
		expect(explainUncertain('Provision guessed: this row (line 90) has an empty provision field').plain).toMatch(/^Which provision/);
		expect(explainUncertain(undefined)).toEqual({ plain: 'Its place in the 2016 table could not be read with certainty.', source: null, lines: null });
	});

	it('gives every uncertain seed entry a specific reason and, nearly always, its line', () => {
		const uncertain = seeds().matrix.entries.filter((e) => e.uncertain);
		expect(uncertain).toHaveLength(79);
		const explained = uncertain.map((e) => explainUncertain(e.note));
		const general = explained.filter((x) => x.plain.startsWith('Its place'));
		expect(general).toEqual([]);
		expect(explained.filter((x) => x.source).length).toBeGreaterThan(70);
	});
});

describe('the review queue', () => {
	it('lists the uncertain entries in reading order: provision, category, body', () => {
		const view = readBoard(seededDocs());
		const queue = reviewQueue(view).entries;
		expect(queue).toHaveLength(79);
		expect(queue.every((e) => e.uncertain)).toBe(true);
		const row = (id: string) => view.provisions.findIndex((p) => p.id === id);
		const column = (id: string) => view.categories.findIndex((c) => c.id === id);
		for (let i = 1; i < queue.length; i++) {
			const [a, b] = [queue[i - 1], queue[i]];
			expect(row(a.provision) < row(b.provision) || (row(a.provision) === row(b.provision) && column(a.category) <= column(b.category))).toBe(true);
		}
	});

	it('keeps its order through text edits, and sorts again when an entry joins, leaves or moves', () => {
		const docs = seededDocs();
		const origin = { source: 'user' as const, userId: 1 };
		// As the page reads the board: what did not change stays the same objects.
		let view = readBoard(docs);
		const read = () => (view = stableView(view, readBoard(docs)));
		const first = reviewQueue(view);
		const [a, b] = [first.entries[0], first.entries[1]];
		expect(reviewQueue(read(), first).entries).toBe(first.entries);

		setEntryText(docs, b.id, `${b.text} (checked)`, origin);
		const edited = reviewQueue(read(), first);
		expect(edited.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
		expect(edited.entries[1].text).toBe(`${b.text} (checked)`);

		setEntryUncertain(docs, a.id, false, origin);
		const left = reviewQueue(read(), edited);
		expect(left.entries.map((e) => e.id)).toEqual(first.entries.slice(1).map((e) => e.id));

		const last = readBoard(docs).provisions.at(-1)!;
		moveEntry(docs, b.id, last.id, b.category, origin);
		const moved = reviewQueue(read(), left);
		expect(moved.entries.at(-1)?.id).toBe(b.id);
		expect(moved.entries.map((e) => e.id)).toEqual(reviewQueue(readBoard(docs)).entries.map((e) => e.id));
	});
});
