import { cellKey } from './doc';
import { changedFields, cellOf } from './history';
import type { BoardView, EntryView } from './view';

/**
 * Differences between two states of a board: a word-level text diff for the
 * history panel, and a per-cell comparison of two versions.
 */

/** One run of a word diff: unchanged, inserted or deleted text (whitespace included). */
export interface DiffPart {
	op: 'same' | 'add' | 'del';
	text: string;
}

/** Beyond this many LCS cells (words × words) a changed middle is shown as one replacement. */
const MAX_LCS_CELLS = 250_000;

/** Words and the whitespace between them, so joining the tokens gives back the text. */
export function tokenize(text: string): string[] {
	return text.split(/(\s+)/).filter((t) => t !== '');
}

function push(parts: DiffPart[], op: DiffPart['op'], text: string): void {
	if (!text) return;
	const last = parts.at(-1);
	if (last?.op === op) last.text += text;
	else parts.push({ op, text });
}

/**
 * Word-level diff of `before` → `after` by longest common subsequence of
 * tokens (common prefix and suffix first, so typical edits stay cheap).
 * Joining the `same` and `del` parts gives `before`; `same` and `add`, `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
	const a = tokenize(before);
	const b = tokenize(after);
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const parts: DiffPart[] = [];
	push(parts, 'same', a.slice(0, start).join(''));
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	if (midA.length * midB.length > MAX_LCS_CELLS) {
		push(parts, 'del', midA.join(''));
		push(parts, 'add', midB.join(''));
	} else {
		for (const part of lcsDiff(midA, midB)) push(parts, part.op, part.text);
	}
	push(parts, 'same', a.slice(endA).join(''));
	return parts;
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
	const n = a.length;
	const m = b.length;
	// lengths[i][j]: LCS length of a[i..] and b[j..], flattened.
	const lengths = new Uint32Array((n + 1) * (m + 1));
	const at = (i: number, j: number) => i * (m + 1) + j;
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lengths[at(i, j)] = a[i] === b[j] ? lengths[at(i + 1, j + 1)] + 1 : Math.max(lengths[at(i + 1, j)], lengths[at(i, j + 1)]);
		}
	}
	const parts: DiffPart[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			push(parts, 'same', a[i++]);
			j++;
		} else if (lengths[at(i + 1, j)] >= lengths[at(i, j + 1)]) push(parts, 'del', a[i++]);
		else push(parts, 'add', b[j++]);
	}
	while (i < n) push(parts, 'del', a[i++]);
	while (j < m) push(parts, 'add', b[j++]);
	return parts;
}

/** An entry present in both versions but different. */
export interface ChangedEntry {
	before: EntryView;
	after: EntryView;
	fields: ReturnType<typeof changedFields>;
}

/** What changed in one cell between two versions. */
export interface CellComparison {
	cell: string;
	/** New in this cell; `movedFrom` when it came from another cell. */
	added: (EntryView & { movedFrom?: string })[];
	/** Gone from this cell; `movedTo` when it went to another cell. */
	removed: (EntryView & { movedTo?: string })[];
	changed: ChangedEntry[];
	/** Set when the cell's lead body changed (null: none). */
	lead?: { before: string | null; after: string | null };
}

/** The cells that differ between two versions of a board, in board order (rows, then columns). */
export function compareBoards(a: BoardView, b: BoardView): CellComparison[] {
	const cells = new Map<string, CellComparison>();
	const cell = (key: string) => {
		let c = cells.get(key);
		if (!c) cells.set(key, (c = { cell: key, added: [], removed: [], changed: [] }));
		return c;
	};
	const before = new Map(a.entries.map((e) => [e.id, e]));
	const after = new Map(b.entries.map((e) => [e.id, e]));
	for (const [id, old] of before) {
		const now = after.get(id);
		if (!now) {
			cell(cellOf(old)).removed.push(old);
			continue;
		}
		const from = cellOf(old);
		const to = cellOf(now);
		if (from !== to) {
			cell(from).removed.push({ ...old, movedTo: to });
			cell(to).added.push({ ...now, movedFrom: from });
			continue;
		}
		const fields = changedFields(old, now).filter((f) => f !== 'order');
		if (fields.length > 0) cell(from).changed.push({ before: old, after: now, fields });
	}
	for (const [id, now] of after) if (!before.has(id)) cell(cellOf(now)).added.push(now);
	for (const key of new Set([...Object.keys(a.leads), ...Object.keys(b.leads)])) {
		const was = a.leads[key] ?? null;
		const is = b.leads[key] ?? null;
		if (was !== is) cell(key).lead = { before: was, after: is };
	}
	const order = boardOrder(b, a);
	return [...cells.values()].sort((x, y) => (order.get(x.cell) ?? Infinity) - (order.get(y.cell) ?? Infinity) || x.cell.localeCompare(y.cell));
}

/** Position of every cell in reading order (rows, then columns) across both versions. */
function boardOrder(...views: BoardView[]): Map<string, number> {
	const order = new Map<string, number>();
	for (const view of views) {
		for (const p of view.provisions) {
			for (const c of view.categories) {
				const key = cellKey(p.id, c.id);
				if (!order.has(key)) order.set(key, order.size);
			}
		}
	}
	return order;
}
