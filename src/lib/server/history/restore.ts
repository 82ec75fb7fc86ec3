import * as Y from 'yjs';
import { entriesMap, leadsMap, mapOf } from '../../board/doc';
import type { HistoryRow } from '../../board/history';
import type { Actor, Role } from '../../board/permissions';
import type { EntryView } from '../../board/view';
import type { Boards } from '../boards';
import type { ConnectionUser } from '../collab/options';
import type { Rooms } from '../collab/rooms';
import { authorizeUpdate } from '../permissions/authorize-update';
import type { HistoryQueries } from './queries';

/**
 * Restoring an earlier state is a new change, never a rewrite: the target
 * state is worked out from the history rows, made on a copy of the live
 * document, checked with the WebSocket's own permission check, then applied
 * to the live document through `rooms.change` — stored, broadcast and
 * recorded (origin `restore`) like anyone's edit.
 */

export interface RestoreRequest {
	cell: string;
	/** The history row whose state to go back to. */
	row: number;
	/** `entry`: only that row's entry (or lead); `cell`: the whole cell. */
	scope: 'entry' | 'cell';
	/** The state right after the row's change (default) or right before it. */
	at: 'after' | 'before';
}

export type RestoreResult =
	| { ok: true; changed: number }
	| { ok: false; status: 403 | 404 | 409; message: string };

export interface RestoreDeps {
	rooms: Rooms;
	boards: Boards;
	history: HistoryQueries;
}

/** Target states: entry id → its state (null: must not exist); cell key → lead (null: none). */
interface Targets {
	entries: Map<string, EntryView | null>;
	leads: Map<string, string | null>;
}

/** Restores a cell (or one entry of it) to its state after or before a history row, as `user`. */
export function restore(deps: RestoreDeps, boardId: string, user: ConnectionUser, req: RestoreRequest): RestoreResult {
	const board = deps.boards.get(boardId);
	const row = deps.history.byId(boardId, req.row);
	if (!board || !row || row.cell !== req.cell) return { ok: false, status: 404, message: 'No such change in this cell’s history.' };
	const targets = req.scope === 'entry' ? entryTarget(row, req.at) : cellTargets(deps.history, boardId, row, req.at);
	const actor: Actor = { role: user.role as Role, body: user.body };
	return deps.rooms.change(boardId, user, (doc): RestoreResult => {
		const copy = new Y.Doc();
		try {
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
			const before = Y.encodeStateVector(copy);
			let changed = 0;
			copy.transact(() => (changed = applyTargets(copy, targets)));
			if (changed === 0) return { ok: false, status: 409, message: 'Nothing to restore: the cell is already in that state.' };
			const update = Y.encodeStateAsUpdate(copy, before);
			const verdict = authorizeUpdate(actor, board.status, doc, update);
			if (!verdict.ok) return { ok: false, status: 403, message: verdict.reason };
			Y.applyUpdate(doc, update);
			return { ok: true, changed };
		} finally {
			copy.destroy();
		}
	});
}

function entryTarget(row: HistoryRow, at: RestoreRequest['at']): Targets {
	const targets: Targets = { entries: new Map(), leads: new Map() };
	if (row.kind === 'lead') targets.leads.set(row.cell, at === 'after' ? row.after : row.before);
	else targets.entries.set(row.entryId, at === 'after' ? row.after : row.before);
	return targets;
}

/**
 * The cell as it was at update `seq` (right after or before `row`): every
 * entry and lead changed in the cell since then goes back to its value
 * before the first of those changes; everything else stays as it is. A row
 * whose burst straddles `seq` counts as after it.
 */
function cellTargets(history: HistoryQueries, boardId: string, row: HistoryRow, at: RestoreRequest['at']): Targets {
	const seq = at === 'after' ? row.seqTo : row.seqFrom - 1;
	const targets: Targets = { entries: new Map(), leads: new Map() };
	// Newest first, so each entry ends up with the `before` of its oldest later change.
	for (const later of history.afterSeq(boardId, row.cell, seq)) {
		if (later.kind === 'lead') targets.leads.set(later.cell, later.before);
		else targets.entries.set(later.entryId, later.before);
	}
	return targets;
}

const SCALARS = ['provision', 'category', 'body', 'subsidiary', 'status', 'uncertain', 'note', 'order'] as const;

/** Makes the document match the targets, writing only what differs; returns how many entries and leads changed. */
function applyTargets(doc: Y.Doc, targets: Targets): number {
	const entries = entriesMap(doc);
	let changed = 0;
	for (const [id, target] of targets.entries) {
		const current = entries.get(id);
		if (!target) {
			if (current) {
				entries.delete(id);
				changed++;
			}
		} else if (!current) {
			const { id: _id, text, ...fields } = target;
			entries.set(id, mapOf({ ...fields, text: new Y.Text(text) }));
			changed++;
		} else if (writeEntry(current, target)) changed++;
	}
	const leads = leadsMap(doc);
	for (const [cell, body] of targets.leads) {
		if ((leads.get(cell) ?? null) === body) continue;
		if (body) leads.set(cell, body);
		else leads.delete(cell);
		changed++;
	}
	return changed;
}

function writeEntry(m: Y.Map<unknown>, target: EntryView): boolean {
	let wrote = false;
	for (const field of SCALARS) {
		const value = target[field];
		const current = m.get(field);
		if (field === 'uncertain' ? (current === true) === value : (current ?? undefined) === value) continue;
		if (value === undefined) m.delete(field);
		else m.set(field, value);
		wrote = true;
	}
	const text = m.get('text');
	if (text instanceof Y.Text) {
		const old = text.toString();
		if (old !== target.text) {
			// The smallest middle edit, as setEntryText does: concurrent typing elsewhere in the text survives.
			let start = 0;
			while (start < old.length && start < target.text.length && old[start] === target.text[start]) start++;
			let endOld = old.length;
			let endNew = target.text.length;
			while (endOld > start && endNew > start && old[endOld - 1] === target.text[endNew - 1]) {
				endOld--;
				endNew--;
			}
			if (endOld > start) text.delete(start, endOld - start);
			if (endNew > start) text.insert(start, target.text.slice(start, endNew));
			wrote = true;
		}
	} else {
		m.set('text', new Y.Text(target.text));
		wrote = true;
	}
	return wrote;
}
