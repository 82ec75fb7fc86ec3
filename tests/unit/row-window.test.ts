import { describe, expect, it } from 'vitest';
import { rowOffset, rowWindow } from '$lib/client/row-window';

const uniform = (n: number, h = 100) => Array.from({ length: n }, () => h);

describe('rowWindow', () => {
	it('covers the viewport and the margin at the top of the list', () => {
		expect(rowWindow(uniform(100), 0, 500, 200)).toEqual({ start: 0, end: 7, before: 0, after: 9300 });
	});

	it('skips the rows above the margin and keeps the total height', () => {
		const w = rowWindow(uniform(100), 2000, 500, 200);
		expect(w).toEqual({ start: 18, end: 27, before: 1800, after: 7300 });
		expect(w.before + (w.end - w.start) * 100 + w.after).toBe(10000);
	});

	it('keeps a row that is partly in the margin', () => {
		expect(rowWindow(uniform(10), 250, 100, 100).start).toBe(1);
	});

	it('reaches the last row at the bottom and never past it', () => {
		expect(rowWindow(uniform(50), 4800, 500, 200)).toEqual({ start: 46, end: 50, before: 4600, after: 0 });
		expect(rowWindow(uniform(50), 99999, 500, 200)).toEqual({ start: 49, end: 50, before: 4900, after: 0 });
	});

	it('handles rows of different heights', () => {
		const heights = [40, 400, 40, 400, 40, 400];
		expect(rowWindow(heights, 500, 100, 0)).toEqual({ start: 3, end: 4, before: 480, after: 440 });
	});

	it('renders nothing for an empty list', () => {
		expect(rowWindow([], 0, 500, 200)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
	});
});

describe('rowOffset', () => {
	it('sums the rows before the index', () => {
		expect(rowOffset([40, 400, 40], 0)).toBe(0);
		expect(rowOffset([40, 400, 40], 2)).toBe(440);
		expect(rowOffset([40, 400, 40], 9)).toBe(480);
	});
});
