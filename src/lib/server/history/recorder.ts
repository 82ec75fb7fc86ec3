import type * as Y from 'yjs';
import { entriesMap, leadsMap } from '../../board/doc';
import { entryChanges, leadChange, type CellChange, type HistoryKind, type HistorySource } from '../../board/history';
import { readEntry, type EntryView } from '../../board/view';
import type { AppliedUpdate } from '../collab/options';
import type { Db } from '../db';
import { StructureRecorder } from './structure-recorder';

const SQL_INSERT = `INSERT INTO cell_history
	(board_id, cell_key, entry_id, kind, source, user_id, body, before, after, started_at, updated_at, seq_from, seq_to)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQL_EXTEND = `UPDATE cell_history SET after = ?, updated_at = ?, seq_to = ? WHERE id = ?`;

/** A person's changes to one entry (same kind) with pauses shorter than this make one history row. */
export const COALESCE_MS = 30_000;

/** What one transaction touched, collected by the observers while it runs. */
interface Touched {
	entries: Set<string>;
	leads: Set<string>;
}

/** The last row written for one entry (or lead) of one cell: what a next change may extend. */
interface LastRow {
	id: number;
	userId: number | null;
	kind: HistoryKind;
	source: HistorySource;
	updatedAt: number;
}

/** Who made a stored change, and when: what every history row records. */
export interface Author {
	userId: number | null;
	body: string | null;
	source: HistorySource;
	seq: number;
	now: number;
}

/** A loaded board as the recorder follows it. */
interface Followed {
	boardId: string;
	/** Plain copies of the entries and leads as of the last recorded transaction: the "before" of the next. */
	entries: Map<string, EntryView>;
	leads: Map<string, string>;
	touched: WeakMap<Y.Transaction, Touched>;
	last: Map<string, LastRow>;
}

export interface RecorderOptions {
	coalesceMs?: number;
	now?: () => number;
}

/**
 * Writes per-cell history as the collaboration server applies updates.
 *
 * `attach` (the rooms' `docLoaded` hook) keeps a plain copy of the board's
 * entries and leads and observes the live document; the observers run
 * inside each transaction and note which entries and leads it touched.
 * `record` (the `afterApply` hook, once the update is on disk) compares
 * those with the copy — the copy holds the values from before the
 * transaction, which Yjs has already garbage-collected by then (a text
 * event carries only delete counts) — writes the rows, and updates the copy.
 */
export class HistoryRecorder {
	#db: Db;
	#insert;
	#extend;
	#coalesceMs: number;
	#now: () => number;
	#boards = new Map<string, Followed>();
	#structure: StructureRecorder;

	constructor(db: Db, { coalesceMs = COALESCE_MS, now = Date.now }: RecorderOptions = {}) {
		this.#db = db;
		this.#structure = new StructureRecorder(db);
		this.#insert = db.prepare(SQL_INSERT);
		this.#extend = db.prepare(SQL_EXTEND);
		this.#coalesceMs = coalesceMs;
		this.#now = now;
	}

	/** Starts following a board's live document; returns how to stop. */
	attach(boardId: string, doc: Y.Doc): () => void {
		const entries = entriesMap(doc);
		const leads = leadsMap(doc);
		const followed: Followed = { boardId, entries: new Map(), leads: new Map(), touched: new WeakMap(), last: new Map() };
		entries.forEach((m, id) => followed.entries.set(id, readEntry(id, m)));
		leads.forEach((body, key) => followed.leads.set(key, body));
		const touched = (tr: Y.Transaction): Touched => {
			let t = followed.touched.get(tr);
			if (!t) followed.touched.set(tr, (t = { entries: new Set(), leads: new Set() }));
			return t;
		};
		const onEntries = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
			const t = touched(tr);
			for (const event of events) {
				if (event.target === entries) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) t.entries.add(id);
				else if (typeof event.path[0] === 'string') t.entries.add(event.path[0]);
			}
		};
		const onLeads = (event: Y.YMapEvent<string>, tr: Y.Transaction) => {
			for (const key of event.keysChanged) touched(tr).leads.add(key);
		};
		entries.observeDeep(onEntries);
		leads.observe(onLeads);
		this.#boards.set(boardId, followed);
		const stopStructure = this.#structure.attach(boardId, doc);
		return () => {
			stopStructure();
			entries.unobserveDeep(onEntries);
			leads.unobserve(onLeads);
			if (this.#boards.get(boardId) === followed) this.#boards.delete(boardId);
		};
	}

	/** Writes the history rows of an applied, stored update. */
	record({ boardId, seq, user, doc, transaction }: AppliedUpdate): void {
		const followed = this.#boards.get(boardId);
		if (!followed) return;
		const author = this.#authorOf(user, transaction, seq);
		this.#structure.record(boardId, doc, transaction, author);
		const touched = followed.touched.get(transaction);
		if (!touched) return;
		followed.touched.delete(transaction);
		const changes: CellChange[] = [];
		const entries = entriesMap(doc);
		for (const id of touched.entries) {
			const m = entries.get(id);
			const after = m ? readEntry(id, m) : undefined;
			changes.push(...entryChanges(id, followed.entries.get(id), after));
			if (after) followed.entries.set(id, after);
			else followed.entries.delete(id);
		}
		const leads = leadsMap(doc);
		for (const key of touched.leads) {
			const after = leads.get(key);
			changes.push(...leadChange(key, followed.leads.get(key), after));
			if (after === undefined) followed.leads.delete(key);
			else followed.leads.set(key, after);
		}
		if (changes.length === 0) return;
		this.#db.transaction(() => {
			for (const change of changes) this.#write(followed, change, author);
		})();
	}

	#authorOf(user: AppliedUpdate['user'], transaction: Y.Transaction, seq: number): Author {
		const origin = transaction.origin as { source?: string; userId?: number } | null;
		const source: HistorySource = origin?.source === 'restore' ? 'restore' : user ? 'user' : 'server';
		return { userId: user?.userId ?? origin?.userId ?? null, body: user?.body ?? null, source, seq, now: this.#now() };
	}

	#write(followed: Followed, change: CellChange, a: Author): void {
		const key = `${change.cell}\u0000${change.entryId ?? ''}`;
		const last = followed.last.get(key);
		const after = change.after === null ? null : JSON.stringify(change.after);
		if (
			last &&
			a.source === 'user' &&
			last.source === 'user' &&
			a.userId !== null &&
			last.userId === a.userId &&
			last.kind === change.kind &&
			a.now - last.updatedAt <= this.#coalesceMs
		) {
			this.#extend.run(after, a.now, a.seq, last.id);
			last.updatedAt = a.now;
			return;
		}
		const before = change.before === null ? null : JSON.stringify(change.before);
		const { lastInsertRowid } = this.#insert.run(
			followed.boardId,
			change.cell,
			change.entryId,
			change.kind,
			a.source,
			a.userId,
			a.body,
			before,
			after,
			a.now,
			a.now,
			a.seq,
			a.seq
		);
		followed.last.set(key, { id: Number(lastInsertRowid), userId: a.userId, kind: change.kind, source: a.source, updatedAt: a.now });
	}
}
