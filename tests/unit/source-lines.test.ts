import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_LINES, matrixLines } from '$lib/server/boards/source-lines';
import { seeds, SEEDS_DIR } from '../helpers/seeded-doc';

describe('lines of the 2016 matrix beside an uncertain entry', () => {
	it('gives the line a seed entry was copied from, split into its fields', () => {
		const entry = seeds().matrix.entries.find((e) => e.text.startsWith('Linking/Uploading of SOMTC activities'))!;
		const { lines, more } = matrixLines(SEEDS_DIR, entry.line, entry.line);
		expect(more).toBe(0);
		expect(lines).toHaveLength(1);
		expect(lines[0].n).toBe(entry.line);
		expect(lines[0].fields.join(' ')).toContain('Linking/Uploading of SOMTC activities');
		expect(lines[0].fields.at(-1)).toBe('ACWC');
	});

	it('shows the start of a long run and says how many lines are left; refuses lines outside the file', () => {
		const { lines, more } = matrixLines(SEEDS_DIR, 10, 40);
		expect(lines.map((l) => l.n)).toEqual(Array.from({ length: MAX_SOURCE_LINES }, (_, i) => 10 + i));
		expect(more).toBe(31 - MAX_SOURCE_LINES);
		for (const [from, to] of [[0, 1], [5, 4], [1, 100_000], [Number.NaN, 2]]) {
			expect(() => matrixLines(SEEDS_DIR, from, to)).toThrow(expect.objectContaining({ status: 400 }));
		}
	});
});
