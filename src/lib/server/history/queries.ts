import type { HistoryRow } from '../../board/history';
import type { ReportHistoryRow } from '../../monitoring/report-history';
import type { StructureRow } from '../../board/structure-history';
import type { Db } from '../db';

const COLUMNS = `h.id, h.cell_key AS cell, h.entry_id AS entryId, h.kind, h.source, h.user_id AS userId,
	u.name AS userName, h.body, h.before, h.after, h.started_at AS startedAt, h.updated_at AS updatedAt,
	h.seq_from AS seqFrom, h.seq_to AS seqTo, h.suggested_by AS suggestedBy, s.name AS suggestedByName`;
const JOIN = `LEFT JOIN users u ON u.id = h.user_id LEFT JOIN users s ON s.id = h.suggested_by`;
const SQL_CELL = `SELECT ${COLUMNS} FROM cell_history h ${JOIN}
	WHERE h.board_id = @board AND h.cell_key = @cell
	AND (@user IS NULL OR h.user_id = @user) AND (@body IS NULL OR h.body = @body)
	ORDER BY h.updated_at DESC, h.id DESC LIMIT @limit`;
const SQL_ACTIVITY = `SELECT ${COLUMNS} FROM cell_history h ${JOIN}
	WHERE h.board_id = ? AND h.updated_at > ? ORDER BY h.updated_at DESC, h.id DESC LIMIT ?`;
const SQL_BY_ID = `SELECT ${COLUMNS} FROM cell_history h ${JOIN}
	WHERE h.board_id = ? AND h.id = ?`;
const SQL_AFTER_SEQ = `SELECT ${COLUMNS} FROM cell_history h ${JOIN}
	WHERE h.board_id = ? AND h.cell_key = ? AND h.seq_to > ? ORDER BY h.seq_to DESC, h.id DESC`;
const SQL_COUNT = `SELECT COUNT(*) FROM cell_history WHERE board_id = ?`;
const SQL_STRUCTURE = `SELECT h.id, h.target, h.target_id AS targetId, h.kind, h.source, h.user_id AS userId, u.name AS userName,
	h.body, h.before, h.after, h.at, h.seq, h.suggested_by AS suggestedBy, s.name AS suggestedByName FROM structure_history h ${JOIN}
	WHERE h.board_id = ? AND h.at > ? ORDER BY h.at DESC, h.id DESC LIMIT ?`;
const SQL_REPORT = `SELECT h.id, h.entry_id AS entryId, h.field, h.source, h.user_id AS userId, u.name AS userName,
	h.author_body AS body, h.before, h.after, h.started_at AS startedAt, h.updated_at AS updatedAt
	FROM report_history h LEFT JOIN users u ON u.id = h.user_id
	WHERE h.period_id = ? AND h.body = ? ORDER BY h.updated_at DESC, h.id DESC LIMIT ?`;

/** Most rows one request returns (a cell's history, the activity feed). */
export const MAX_ROWS = 2_000;

export interface CellQuery {
	cell: string;
	userId?: number | null;
	body?: string | null;
	limit?: number;
}

type Raw<T> = Omit<T, 'before' | 'after'> & { before: string | null; after: string | null };
type RawRow = Raw<HistoryRow>;

/** A row with its before/after JSON parsed. */
function withJson<T>(row: Raw<T>): T {
	return {
		...row,
		before: row.before === null ? null : JSON.parse(row.before),
		after: row.after === null ? null : JSON.parse(row.after)
	} as T;
}
const parse = (row: RawRow) => withJson<HistoryRow>(row);

/** Reads the per-cell history the recorder wrote (newest first). */
export class HistoryQueries {
	#cell;
	#activity;
	#byId;
	#afterSeq;
	#count;
	#structure;
	#report;

	constructor(db: Db) {
		this.#report = db.prepare(SQL_REPORT);
		this.#structure = db.prepare(SQL_STRUCTURE);
		this.#cell = db.prepare(SQL_CELL);
		this.#activity = db.prepare(SQL_ACTIVITY);
		this.#byId = db.prepare(SQL_BY_ID);
		this.#afterSeq = db.prepare(SQL_AFTER_SEQ);
		this.#count = db.prepare(SQL_COUNT).pluck();
	}

	/** A cell's history, newest first, optionally only one author's or one body's changes. */
	forCell(boardId: string, { cell, userId = null, body = null, limit = MAX_ROWS }: CellQuery): HistoryRow[] {
		const rows = this.#cell.all({ board: boardId, cell, user: userId, body, limit: Math.min(limit, MAX_ROWS) }) as RawRow[];
		return rows.map(parse);
	}

	/** Every cell's changes made after `since` (ms), newest first: the board's activity feed. */
	activity(boardId: string, since: number, limit = MAX_ROWS): HistoryRow[] {
		return (this.#activity.all(boardId, since, Math.min(limit, MAX_ROWS)) as RawRow[]).map(parse);
	}

	byId(boardId: string, id: number): HistoryRow | undefined {
		const row = this.#byId.get(boardId, id) as RawRow | undefined;
		return row && parse(row);
	}

	/** A cell's rows that end after update `seq`, newest first (what a restore to `seq` undoes). */
	afterSeq(boardId: string, cell: string, seq: number): HistoryRow[] {
		return (this.#afterSeq.all(boardId, cell, seq) as RawRow[]).map(parse);
	}

	/** Changes to the board's title, columns and provisions made after `since` (ms), newest first. */
	structureSince(boardId: string, since: number, limit = MAX_ROWS): StructureRow[] {
		return (this.#structure.all(boardId, since, Math.min(limit, MAX_ROWS)) as Raw<StructureRow>[]).map((row) => withJson<StructureRow>(row));
	}

	/** The field changes of a body's report in a period, newest first. */
	forReport(periodId: number, body: string, limit = MAX_ROWS): ReportHistoryRow[] {
		return (this.#report.all(periodId, body, Math.min(limit, MAX_ROWS)) as Raw<ReportHistoryRow>[]).map((row) => withJson<ReportHistoryRow>(row));
	}

	/** Number of history rows of a board. */
	count(boardId: string): number {
		return this.#count.get(boardId) as number;
	}
}
