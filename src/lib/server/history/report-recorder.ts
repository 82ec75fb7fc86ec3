import type * as Y from 'yjs';
import { blankItem, itemsMap, readItem, type ReportItemView } from '../../monitoring/report-doc';
import { itemChanges, type ReportFieldChange } from '../../monitoring/report-history';
import type { AppliedUpdate } from '../collab/options';
import type { Db } from '../db';
import { authorOf, COALESCE_MS, Coalescer, type Author } from './coalescing';

const SQL_INSERT = `INSERT INTO report_history
	(period_id, body, entry_id, field, source, user_id, author_body, before, after, started_at, updated_at, seq_from, seq_to)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQL_EXTEND = `UPDATE report_history SET after = ?, updated_at = ?, seq_to = ? WHERE id = ?`;

/** A loaded report document as the recorder follows it. */
interface Followed {
	periodId: number;
	body: string;
	/** Plain copies of the items as of the last recorded transaction: the "before" of the next. */
	items: Map<string, ReportItemView>;
	/** The items each running transaction touched, by entry id. */
	touched: WeakMap<Y.Transaction, Set<string>>;
	coalescer: Coalescer;
}

/**
 * Writes the field history of progress reports (`report_history`) as the
 * collaboration server applies updates, the way `HistoryRecorder` writes a
 * board's cells: observers note which items a transaction touched, and once
 * the update is stored each item is compared with the copy from before it.
 * The author is the connection's session (`AppliedUpdate.user`), never
 * anything the update says. An item the server makes empty has no rows:
 * nothing was reported yet.
 */
export class ReportRecorder {
	#db: Db;
	#insert;
	#extend;
	#coalesceMs: number;
	#now: () => number;
	#reports = new Map<string, Followed>();

	constructor(db: Db, { coalesceMs = COALESCE_MS, now = Date.now }: { coalesceMs?: number; now?: () => number } = {}) {
		this.#db = db;
		this.#insert = db.prepare(SQL_INSERT);
		this.#extend = db.prepare(SQL_EXTEND);
		this.#coalesceMs = coalesceMs;
		this.#now = now;
	}

	/** Starts following a loaded report document; returns how to stop. */
	attach(boardId: string, docName: string, report: { periodId: number; body: string }, doc: Y.Doc): () => void {
		const items = itemsMap(doc);
		const followed: Followed = { ...report, items: new Map(), touched: new WeakMap(), coalescer: new Coalescer(this.#coalesceMs) };
		items.forEach((m, id) => followed.items.set(id, readItem(m)));
		const onItems = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
			let touched = followed.touched.get(tr);
			if (!touched) followed.touched.set(tr, (touched = new Set()));
			for (const event of events) {
				if (event.target === items) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(id);
				// A field of an item, or a narrative's text inside it.
				else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
			}
		};
		items.observeDeep(onItems);
		const key = `${boardId}\u0000${docName}`;
		this.#reports.set(key, followed);
		return () => {
			items.unobserveDeep(onItems);
			if (this.#reports.get(key) === followed) this.#reports.delete(key);
		};
	}

	/** Writes the history rows of an applied, stored update to a report document. */
	record({ boardId, docName, seq, user, doc, transaction }: AppliedUpdate): void {
		const followed = this.#reports.get(`${boardId}\u0000${docName}`);
		const touched = followed?.touched.get(transaction);
		if (!followed || !touched) return;
		followed.touched.delete(transaction);
		const items = itemsMap(doc);
		const changes: ReportFieldChange[] = [];
		for (const id of touched) {
			const m = items.get(id);
			const after = m ? readItem(m) : blankItem();
			changes.push(...itemChanges(id, followed.items.get(id) ?? blankItem(), after));
			if (m) followed.items.set(id, after);
			else followed.items.delete(id);
		}
		if (changes.length === 0) return;
		const author = authorOf(user, transaction, seq, this.#now());
		this.#db.transaction(() => {
			for (const change of changes) this.#write(followed, change, author);
		})();
	}

	#write(followed: Followed, change: ReportFieldChange, a: Author): void {
		const key = `${change.entryId}\u0000${change.field}`;
		const after = JSON.stringify(change.after);
		const extended = followed.coalescer.extends(key, change.field, a);
		if (extended !== null) {
			this.#extend.run(after, a.now, a.seq, extended);
			return;
		}
		const { lastInsertRowid } = this.#insert.run(
			followed.periodId,
			followed.body,
			change.entryId,
			change.field,
			a.source,
			a.userId,
			a.body,
			JSON.stringify(change.before),
			after,
			a.now,
			a.now,
			a.seq,
			a.seq
		);
		followed.coalescer.started(key, Number(lastInsertRowid), change.field, a);
	}
}
