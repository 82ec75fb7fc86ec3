import type { PeriodView, ReportEvent, ReportEventKind, ReportState, ReportStatus } from '../../monitoring/reports';
import type { Db } from '../db';

const PERIOD_COLUMNS = `p.id, p.board_id AS boardId, p.label, p.opens_on AS opensOn, p.closes_on AS closesOn,
	p.locked_at AS lockedAt, u.name AS lockedByName, p.created_at AS createdAt`;
const SQL_PERIODS = `SELECT ${PERIOD_COLUMNS} FROM reporting_periods p LEFT JOIN users u ON u.id = p.locked_by
	WHERE p.board_id = ? ORDER BY p.opens_on, p.id`;
const SQL_PERIOD = `SELECT ${PERIOD_COLUMNS} FROM reporting_periods p LEFT JOIN users u ON u.id = p.locked_by
	WHERE p.board_id = ? AND p.id = ?`;
const SQL_LABEL_TAKEN = `SELECT 1 FROM reporting_periods WHERE board_id = ? AND label = ?`;
const SQL_INSERT_PERIOD = `INSERT INTO reporting_periods (board_id, label, opens_on, closes_on, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`;
const SQL_LOCK = `UPDATE reporting_periods SET locked_at = ?, locked_by = ? WHERE id = ? AND locked_at IS NULL`;
const SQL_REPORTS = `SELECT period_id AS periodId, body, status, updated_at AS updatedAt FROM progress_reports WHERE period_id = ?`;
const SQL_REPORT = `SELECT period_id AS periodId, body, status, updated_at AS updatedAt FROM progress_reports WHERE period_id = ? AND body = ?`;
const SQL_REPORT_STATUS = `SELECT status FROM progress_reports WHERE period_id = ? AND body = ?`;
const SQL_SET_STATUS = `INSERT INTO progress_reports (period_id, body, status, updated_at) VALUES (?, ?, ?, ?)
	ON CONFLICT (period_id, body) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`;
const SQL_ADD_EVENT = `INSERT INTO report_events (period_id, body, kind, comment, user_id, at) VALUES (?, ?, ?, ?, ?, ?)`;
const SQL_EVENTS = `SELECT e.id, e.kind, e.comment, e.user_id AS userId, u.name AS userName, e.at
	FROM report_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.period_id = ? AND e.body = ? ORDER BY e.id`;
const SQL_PERIOD_OF = `SELECT board_id FROM reporting_periods WHERE id = ?`;

/**
 * The `reporting_periods`, `progress_reports` and `report_events` tables. A
 * body without a `progress_reports` row has a draft. Read on every update to
 * a report document (its authority): indexed single-row lookups.
 */
export class ReportingPeriods {
	#db: Db;
	#periods;
	#period;
	#labelTaken;
	#insertPeriod;
	#lock;
	#reports;
	#report;
	#reportStatus;
	#setStatus;
	#addEvent;
	#events;
	#periodOf;

	constructor(db: Db) {
		this.#db = db;
		this.#periods = db.prepare(SQL_PERIODS);
		this.#period = db.prepare(SQL_PERIOD);
		this.#labelTaken = db.prepare(SQL_LABEL_TAKEN).pluck();
		this.#insertPeriod = db.prepare(SQL_INSERT_PERIOD);
		this.#lock = db.prepare(SQL_LOCK);
		this.#reports = db.prepare(SQL_REPORTS);
		this.#report = db.prepare(SQL_REPORT);
		this.#reportStatus = db.prepare(SQL_REPORT_STATUS).pluck();
		this.#setStatus = db.prepare(SQL_SET_STATUS);
		this.#addEvent = db.prepare(SQL_ADD_EVENT);
		this.#events = db.prepare(SQL_EVENTS);
		this.#periodOf = db.prepare(SQL_PERIOD_OF).pluck();
	}

	/** A board's periods, oldest window first. */
	list(boardId: string): PeriodView[] {
		return this.#periods.all(boardId) as PeriodView[];
	}

	get(boardId: string, id: number): PeriodView | undefined {
		return this.#period.get(boardId, id) as PeriodView | undefined;
	}

	/** Whether a period of this id belongs to the board. */
	belongsTo(boardId: string, id: number): boolean {
		return this.#periodOf.get(id) === boardId;
	}

	labelTaken(boardId: string, label: string): boolean {
		return this.#labelTaken.get(boardId, label) !== undefined;
	}

	insert(p: { boardId: string; label: string; opensOn: string; closesOn: string; userId: number }): PeriodView {
		const { lastInsertRowid } = this.#insertPeriod.run(p.boardId, p.label, p.opensOn, p.closesOn, Date.now(), p.userId);
		return this.get(p.boardId, Number(lastInsertRowid))!;
	}

	/** Locks a period; false when it already was. */
	lock(id: number, userId: number): boolean {
		return this.#lock.run(Date.now(), userId, id).changes === 1;
	}

	/** The reports of a period that left the draft state, by body. */
	reports(periodId: number): Map<string, ReportState> {
		return new Map((this.#reports.all(periodId) as ReportState[]).map((r) => [r.body, r]));
	}

	/** A body's report in a period (a draft when nothing happened to it yet). */
	report(periodId: number, body: string): ReportState {
		return (this.#report.get(periodId, body) as ReportState | undefined) ?? { periodId, body, status: 'draft', updatedAt: 0 };
	}

	status(periodId: number, body: string): ReportStatus {
		return (this.#reportStatus.get(periodId, body) as ReportStatus | undefined) ?? 'draft';
	}

	/** Moves a report to `status` and records the step, in one transaction. */
	transition(periodId: number, body: string, status: ReportStatus, event: { kind: ReportEventKind; comment: string | null; userId: number }): void {
		const at = Date.now();
		this.#db.transaction(() => {
			this.#setStatus.run(periodId, body, status, at);
			this.#addEvent.run(periodId, body, event.kind, event.comment, event.userId, at);
		})();
	}

	events(periodId: number, body: string): ReportEvent[] {
		return this.#events.all(periodId, body) as ReportEvent[];
	}
}
