import { cellKey } from './doc';
import type { EntryView } from './view';

/**
 * Per-cell history as the server records it and the history panel shows it.
 * Framework-free: the server's recorder classifies changes with
 * `entryChanges`; the browser renders the same `HistoryRow`s.
 */

/** What a history row says happened to an entry (or, for `lead`, to the cell's lead body). */
export const HISTORY_KINDS = ['added', 'removed', 'edited', 'moved', 'status', 'lead'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
export type EntryKind = Exclude<HistoryKind, 'lead'>;

/** Who made the change: a person editing, a person restoring an earlier state, or the server itself. */
export type HistorySource = 'user' | 'restore' | 'server';

/** Who made the changes a history row covers, and when (a cell's rows, a report's rows). */
export interface HistoryAuthorship {
	id: number;
	source: HistorySource;
	userId: number | null;
	/** The author's name now (null for server changes). */
	userName: string | null;
	/** The body the author spoke for when they made the change. */
	body: string | null;
	/** When the first and last change folded into this row happened (ms since the epoch). */
	startedAt: number;
	updatedAt: number;
}

interface RowBase extends HistoryAuthorship {
	/** The cell the row belongs to (a move has one row in each of the two cells). */
	cell: string;
	/** Range of update-log sequence numbers folded into this row. */
	seqFrom: number;
	seqTo: number;
	/** The person whose suggestion this change applied, and their name now (null: none). */
	suggestedBy?: number | null;
	suggestedByName?: string | null;
}

/** One row of a cell's history: the value before the first and after the last change it covers. */
export type HistoryRow = RowBase &
	(
		| { kind: EntryKind; entryId: string; before: EntryView | null; after: EntryView | null }
		| { kind: 'lead'; entryId: null; before: string | null; after: string | null }
	);

/** One change to record, before coalescing (the recorder adds who, when and the sequence number). */
export type CellChange =
	| { cell: string; kind: EntryKind; entryId: string; before: EntryView | null; after: EntryView | null }
	| { cell: string; kind: 'lead'; entryId: null; before: string | null; after: string | null };

/** The cell an entry sits in. */
export function cellOf(entry: Pick<EntryView, 'provision' | 'category'>): string {
	return cellKey(entry.provision, entry.category);
}

const FIELDS = ['provision', 'category', 'body', 'subsidiary', 'text', 'status', 'progress', 'uncertain', 'note', 'order'] as const;
type Field = (typeof FIELDS)[number] | 'decision';

/** The fields that differ between two states of an entry (`decision`: the agreement recorded on it). */
export function changedFields(before: EntryView, after: EntryView): Field[] {
	const fields: Field[] = FIELDS.filter((f) => before[f] !== after[f]);
	// A procedure's outcome (written by the server at its deadline) is a decision too.
	if (before.decision?.state !== after.decision?.state || before.decision?.procedure?.outcome !== after.decision?.procedure?.outcome) fields.push('decision');
	return fields;
}

/** Which state of a row's entry belongs in the row's cell: before a removal or a move away, else after the change. */
export function entryRestoreAt(row: HistoryRow): 'after' | 'before' {
	return row.kind === 'removed' || (row.kind === 'moved' && row.after && cellOf(row.after) !== row.cell) ? 'before' : 'after';
}

/**
 * Whether restoring an entry to `target` (null: it must not exist) would
 * change anything on the board as it is now; the server refuses a restore
 * that changes nothing (409), so the history panel does not offer one.
 */
export function entryRestoreChanges(target: EntryView | null, current: EntryView | undefined): boolean {
	if (!target || !current) return !!target !== !!current;
	// `status` is derived from progress and the decision, which are compared themselves.
	return changedFields(current, target).some((f) => f !== 'status');
}

/**
 * Classifies what happened to one entry between two states (undefined: did
 * not exist). A move yields one row in the cell it left and one in the cell
 * it joined; a change of several fields is one row, named after the most
 * telling: text (`edited`), then `status`, then position (`moved`).
 */
export function entryChanges(id: string, before: EntryView | undefined, after: EntryView | undefined): CellChange[] {
	if (!before && !after) return [];
	if (!before) return [{ cell: cellOf(after!), kind: 'added', entryId: id, before: null, after: after! }];
	if (!after) return [{ cell: cellOf(before), kind: 'removed', entryId: id, before, after: null }];
	const fields = changedFields(before, after);
	if (fields.length === 0) return [];
	const from = cellOf(before);
	const to = cellOf(after);
	if (from !== to) {
		return [
			{ cell: from, kind: 'moved', entryId: id, before, after },
			{ cell: to, kind: 'moved', entryId: id, before, after }
		];
	}
	let kind: EntryKind = 'edited';
	if (!fields.includes('text')) {
		if (fields.some((f) => f === 'status' || f === 'progress' || f === 'decision')) kind = 'status';
		// Reordered within its cell, or moved to another body (re-attributed).
		else if (fields.every((f) => f === 'order' || f === 'body' || f === 'subsidiary')) kind = 'moved';
	}
	return [{ cell: from, kind, entryId: id, before, after }];
}

/** A lead change of one cell as a history change (null: no lead). */
export function leadChange(cell: string, before: string | undefined, after: string | undefined): CellChange[] {
	if ((before ?? null) === (after ?? null)) return [];
	return [{ cell, kind: 'lead', entryId: null, before: before ?? null, after: after ?? null }];
}
