import type { Statement } from 'better-sqlite3';
import { computeCoverage } from '../../board/coverage';
import { readBoard } from '../../board/view';
import type { AppContext } from '../app-context';
import type { BoardRow } from './boards';
import { listBodies } from './bodies';
import type { Db } from '../db';

// The newest recorded change to a board's cells or structure; a board nobody has changed yet counts from its creation.
const SQL_LAST_CHANGE = `SELECT MAX(at) AS at FROM (
	SELECT MAX(updated_at) AS at FROM cell_history WHERE board_id = ?
	UNION ALL SELECT MAX(at) FROM structure_history WHERE board_id = ?
)`;

/** What the board list shows of one board. */
export interface BoardSummary extends BoardRow {
	/** Time of the last recorded change (ms), or the board's creation. */
	lastChange: number;
	entries: number;
	/** Cells (provision × category) with at least one entry, of all cells. */
	cellsWithEntries: number;
	cells: number;
}

/** The statement, prepared once per database. */
const prepared = new WeakMap<Db, Statement<[string, string]>>();

/** Every board with its last change, entry count and coverage, for the board list. */
export function summarizeBoards(ctx: Pick<AppContext, 'db' | 'boards' | 'rooms'>): BoardSummary[] {
	let lastChange = prepared.get(ctx.db);
	if (!lastChange) prepared.set(ctx.db, (lastChange = ctx.db.prepare<[string, string]>(SQL_LAST_CHANGE)));
	const bodies = listBodies(ctx.db);
	return ctx.boards.list().map((board) => {
		const docs = ctx.rooms.readDocs(board.id);
		const { totals } = computeCoverage(readBoard(docs), bodies);
		const at = (lastChange.get(board.id, board.id) as { at: number | null }).at;
		return { ...board, lastChange: at ?? board.createdAt, entries: totals.entries, cellsWithEntries: totals.cellsWithEntries, cells: totals.cells };
	});
}
