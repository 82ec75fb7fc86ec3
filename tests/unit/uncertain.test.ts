import { describe, expect, it } from 'vitest';
import { explainUncertain, reviewQueue } from '$lib/board/uncertain';
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
		const queue = reviewQueue(view);
		expect(queue).toHaveLength(79);
		expect(queue.every((e) => e.uncertain)).toBe(true);
		const row = (id: string) => view.provisions.findIndex((p) => p.id === id);
		const column = (id: string) => view.categories.findIndex((c) => c.id === id);
		for (let i = 1; i < queue.length; i++) {
			const [a, b] = [queue[i - 1], queue[i]];
			expect(row(a.provision) < row(b.provision) || (row(a.provision) === row(b.provision) && column(a.category) <= column(b.category))).toBe(true);
		}
	});
});
