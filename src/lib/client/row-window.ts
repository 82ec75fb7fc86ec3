/**
 * Windowed rendering of a long grid: which rows to put in the DOM so the
 * visible part of the scroll box (plus a margin either side) is covered, and
 * how tall the empty space before and after them must be so the scroll bar
 * stays true. Heights are in pixels, measured for rows that have been shown
 * and estimated for the others.
 */
export interface RowWindow {
	/** First row to render. */
	start: number;
	/** One past the last row to render. */
	end: number;
	/** Height of the rows before `start`. */
	before: number;
	/** Height of the rows from `end` on. */
	after: number;
}

/**
 * Rows to render to cover `[top - margin, top + viewport + margin]`, where
 * `top` is the scroll offset from the first row.
 */
export function rowWindow(heights: readonly number[], top: number, viewport: number, margin: number): RowWindow {
	const from = Math.max(0, top - margin);
	const to = Math.max(from, top + viewport + margin);
	let start = 0;
	let before = 0;
	while (start < heights.length - 1 && before + heights[start] <= from) before += heights[start++];
	let end = start;
	let covered = before;
	while (end < heights.length && covered < to) covered += heights[end++];
	let after = 0;
	for (let i = end; i < heights.length; i++) after += heights[i];
	return { start, end, before, after };
}

/** Offset of row `index` from the first row. */
export function rowOffset(heights: readonly number[], index: number): number {
	let offset = 0;
	for (let i = 0; i < index && i < heights.length; i++) offset += heights[i];
	return offset;
}
