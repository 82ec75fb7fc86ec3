import type { BoardDocs } from '../../board/doc';
import type { BoardStatus } from '../../board/permissions';
import { NO_BOARD, notFound } from '../app-error';
import type { Db } from '../db';
import type { DocStore } from '../collab/doc-store';

const SQL_LIST = `SELECT id, title, as_of AS asOf, status, created_at AS createdAt FROM boards ORDER BY created_at, id`;
const SQL_GET = `SELECT id, title, as_of AS asOf, status, created_at AS createdAt FROM boards WHERE id = ?`;
const SQL_INSERT = `INSERT INTO boards (id, title, as_of, status, created_at, created_by) VALUES (?, ?, ?, 'open', ?, ?)`;
const SQL_SET_STATUS = `UPDATE boards SET status = ? WHERE id = ?`;
const SQL_SET_TITLE = `UPDATE boards SET title = ?, as_of = ? WHERE id = ?`;

export interface BoardRow {
	id: string;
	title: string;
	asOf: string | null;
	status: BoardStatus;
	createdAt: number;
}

/** Board records (title, status) in SQLite; their content is in the DocStore. */
export class Boards {
	#db: Db;
	#store: DocStore;
	#list;
	#get;
	#insert;
	#setStatus;
	#setTitle;

	constructor(db: Db, store: DocStore) {
		this.#db = db;
		this.#store = store;
		this.#list = db.prepare(SQL_LIST);
		this.#get = db.prepare(SQL_GET);
		this.#insert = db.prepare(SQL_INSERT);
		this.#setStatus = db.prepare(SQL_SET_STATUS);
		this.#setTitle = db.prepare(SQL_SET_TITLE);
	}

	list(): BoardRow[] {
		return this.#list.all() as BoardRow[];
	}

	get(id: string): BoardRow | undefined {
		return this.#get.get(id) as BoardRow | undefined;
	}

	/** The board `id`; AppError 404 when there is none. */
	require(id: string): BoardRow {
		const board = this.get(id);
		if (!board) throw notFound(NO_BOARD);
		return board;
	}

	/** Creates a board whose initial content is `docs`, each stored as its first checkpoint. */
	create(board: { id: string; title: string; asOf: string | null; createdBy: number | null }, docs: BoardDocs): BoardRow {
		this.#db.transaction(() => {
			this.#insert.run(board.id, board.title, board.asOf, Date.now(), board.createdBy);
			this.#store.saveBoard(board.id, docs);
		})();
		return this.get(board.id)!;
	}

	setStatus(id: string, status: BoardStatus): void {
		this.#setStatus.run(status, id);
	}

	/** Keeps the list's title and date in step with the document's meta. */
	setTitle(id: string, title: string, asOf: string | null): void {
		this.#setTitle.run(title, asOf, id);
	}
}
