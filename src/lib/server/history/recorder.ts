import type * as Y from 'yjs';
import { bodyOfDocName, decisionsMap, entriesMap, leadsMap } from '../../board/doc';
import { entryChanges, leadChange, type CellChange } from '../../board/history';
import { readDecision, readEntry, shownStatus, type DecisionView, type EntryView } from '../../board/view';
import { parseReportDocName } from '../../monitoring/reports';
import type { AppliedUpdate } from '../collab/options';
import type { Db } from '../db';
import { authorOf, COALESCE_MS, Coalescer, type Author } from './coalescing';
import { ReportRecorder } from './report-recorder';
import { StructureRecorder } from './structure-recorder';

const SQL_INSERT = `INSERT INTO cell_history
	(board_id, cell_key, entry_id, kind, source, user_id, body, before, after, started_at, updated_at, seq_from, seq_to, suggested_by)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQL_EXTEND = `UPDATE cell_history SET after = ?, updated_at = ?, seq_to = ? WHERE id = ?`;

/** What one transaction touched, collected by the observers while it runs. */
interface Touched {
	entries: Set<string>;
	leads: Set<string>;
}

/** A board as the recorder follows it, over the documents of it that are loaded. */
interface Followed {
	boardId: string;
	/** Plain copies of the entries (of the loaded bodies), leads and decisions as of the last recorded transaction. */
	entries: Map<string, EntryView>;
	leads: Map<string, string>;
	decisions: Map<string, DecisionView>;
	touched: WeakMap<Y.Transaction, Touched>;
	/** The rows a next change of an entry (or lead) may extend, by cell and entry. */
	coalescer: Coalescer;
	/** Loaded documents being followed. */
	docs: Set<string>;
}

export interface RecorderOptions {
	coalesceMs?: number;
	now?: () => number;
	/** The board's plan as stored, for the decisions on entries whose plan is not loaded (default: none). */
	readPlan?: (boardId: string) => Y.Doc | null;
}

/**
 * Writes per-cell history as the collaboration server applies updates.
 *
 * `attach` (the rooms' `docLoaded` hook) keeps a plain copy of a board's
 * entries, leads and decisions and observes each loaded document; the
 * observers run inside each transaction and note which entries and leads it
 * touched (a decision in the plan touches its entry). `record` (the
 * `afterApply` hook, once the update is on disk) compares those with the
 * copy — the copy holds the values from before the transaction, which Yjs
 * has already garbage-collected by then — writes the rows, and updates the copy.
 * A board's structure (`StructureRecorder`) and its progress reports
 * (`ReportRecorder`) are recorded the same way, each in its own table.
 */
export class HistoryRecorder {
	#db: Db;
	#insert;
	#extend;
	#coalesceMs: number;
	#now: () => number;
	#readPlan: (boardId: string) => Y.Doc | null;
	#boards = new Map<string, Followed>();
	#structure: StructureRecorder;
	#reports: ReportRecorder;

	constructor(db: Db, { coalesceMs = COALESCE_MS, now = Date.now, readPlan = () => null }: RecorderOptions = {}) {
		this.#db = db;
		this.#structure = new StructureRecorder(db);
		this.#reports = new ReportRecorder(db, { coalesceMs, now });
		this.#insert = db.prepare(SQL_INSERT);
		this.#extend = db.prepare(SQL_EXTEND);
		this.#coalesceMs = coalesceMs;
		this.#now = now;
		this.#readPlan = readPlan;
	}

	/** Sets where decisions come from when a body's document loads without its plan. */
	set readPlan(read: (boardId: string) => Y.Doc | null) {
		this.#readPlan = read;
	}

	/** The board's followed state; `withDecisions`: read the decisions from the stored plan when it is new. */
	#follow(boardId: string, withDecisions: boolean): Followed {
		let followed = this.#boards.get(boardId);
		if (!followed) {
			followed = {
				boardId,
				entries: new Map(),
				leads: new Map(),
				decisions: new Map(),
				touched: new WeakMap(),
				coalescer: new Coalescer(this.#coalesceMs),
				docs: new Set()
			};
			const plan = withDecisions ? this.#readPlan(boardId) : null;
			if (plan) readDecisionsInto(plan, followed.decisions);
			this.#boards.set(boardId, followed);
		}
		return followed;
	}

	/** Starts following one live document of a board; returns how to stop. */
	attach(boardId: string, docName: string, doc: Y.Doc): () => void {
		const report = parseReportDocName(docName);
		if (report) return this.#reports.attach(boardId, docName, report, doc);
		const body = bodyOfDocName(docName);
		const followed = this.#follow(boardId, body !== null);
		followed.docs.add(docName);
		const touched = (tr: Y.Transaction): Touched => {
			let t = followed.touched.get(tr);
			if (!t) followed.touched.set(tr, (t = { entries: new Set(), leads: new Set() }));
			return t;
		};
		const stops: (() => void)[] = [];
		if (body) {
			const entries = entriesMap(doc);
			entries.forEach((m, id) => followed.entries.set(id, readEntry(id, body, m, followed.decisions.get(id))));
			const onEntries = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
				const t = touched(tr);
				for (const event of events) {
					if (event.target === entries) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) t.entries.add(id);
					else if (typeof event.path[0] === 'string') t.entries.add(event.path[0]);
				}
			};
			entries.observeDeep(onEntries);
			stops.push(() => entries.unobserveDeep(onEntries));
		} else {
			const leads = leadsMap(doc);
			const decisions = decisionsMap(doc);
			followed.leads.clear();
			leads.forEach((lead, key) => followed.leads.set(key, lead));
			followed.decisions.clear();
			readDecisionsInto(doc, followed.decisions);
			const onLeads = (event: Y.YMapEvent<string>, tr: Y.Transaction) => {
				for (const key of event.keysChanged) touched(tr).leads.add(key);
			};
			const onDecisions = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
				const t = touched(tr);
				for (const event of events) {
					if (event.target === decisions) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) t.entries.add(id);
					else if (typeof event.path[0] === 'string') t.entries.add(event.path[0]);
				}
			};
			leads.observe(onLeads);
			decisions.observeDeep(onDecisions);
			stops.push(this.#structure.attach(boardId, doc), () => leads.unobserve(onLeads), () => decisions.unobserveDeep(onDecisions));
		}
		return () => {
			for (const stop of stops) stop();
			followed.docs.delete(docName);
			if (body) for (const [id, e] of followed.entries) if (e.body === body) followed.entries.delete(id);
			if (followed.docs.size === 0 && this.#boards.get(boardId) === followed) this.#boards.delete(boardId);
		};
	}

	/** Writes the history rows of an applied, stored update. */
	record(applied: AppliedUpdate): void {
		if (parseReportDocName(applied.docName)) return this.#reports.record(applied);
		const { boardId, docName, seq, user, doc, transaction } = applied;
		const followed = this.#boards.get(boardId);
		if (!followed) return;
		const author = authorOf(user, transaction, seq, this.#now());
		const body = bodyOfDocName(docName);
		if (!body) this.#structure.record(boardId, doc, transaction, author);
		const touched = followed.touched.get(transaction);
		if (!touched) return;
		followed.touched.delete(transaction);
		const changes: CellChange[] = [];
		if (body) {
			const entries = entriesMap(doc);
			for (const id of touched.entries) {
				const m = entries.get(id);
				// Moved to another body (re-attributed): created there first, so its removal here is no removal.
				if (!m && followed.entries.get(id)?.body !== body) continue;
				const after = m ? readEntry(id, body, m, followed.decisions.get(id)) : undefined;
				changes.push(...this.#entryChanged(followed, id, after));
			}
		} else {
			const decisions = decisionsMap(doc);
			for (const id of touched.entries) {
				const decision = readDecision(decisions.get(id));
				if (decision) followed.decisions.set(id, decision);
				else followed.decisions.delete(id);
				// A decision on an entry whose body is not loaded here has no row: its entry is unknown to this copy.
				const before = followed.entries.get(id);
				if (before) changes.push(...this.#entryChanged(followed, id, { ...before, decision, status: shownStatus(before.progress, decision) }));
			}
			const leads = leadsMap(doc);
			for (const key of touched.leads) {
				const after = leads.get(key);
				changes.push(...leadChange(key, followed.leads.get(key), after));
				if (after === undefined) followed.leads.delete(key);
				else followed.leads.set(key, after);
			}
		}
		if (changes.length === 0) return;
		this.#db.transaction(() => {
			for (const change of changes) this.#write(followed, change, author);
		})();
	}

	#entryChanged(followed: Followed, id: string, after: EntryView | undefined): CellChange[] {
		const changes = entryChanges(id, followed.entries.get(id), after);
		if (after) followed.entries.set(id, after);
		else followed.entries.delete(id);
		return changes;
	}

	#write(followed: Followed, change: CellChange, a: Author): void {
		const key = `${change.cell}\u0000${change.entryId ?? ''}`;
		const after = change.after === null ? null : JSON.stringify(change.after);
		const extended = followed.coalescer.extends(key, change.kind, a);
		if (extended !== null) {
			this.#extend.run(after, a.now, a.seq, extended);
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
			a.seq,
			a.suggestedBy
		);
		followed.coalescer.started(key, Number(lastInsertRowid), change.kind, a);
	}
}

function readDecisionsInto(plan: Y.Doc, into: Map<string, DecisionView>): void {
	decisionsMap(plan).forEach((m, id) => {
		const d = readDecision(m);
		if (d) into.set(id, d);
	});
}
