import * as Y from 'yjs';
import { BoardDocs, emptyDoc, PLAN_DOC } from '../../board/doc';
import type { Db } from '../db';

/** The one document of a board in the first release; kept in the log, never loaded (see board-split.ts). */
export const LEGACY_DOC = 'board';

const SQL_APPEND = `INSERT INTO doc_updates (board_id, doc, seq, data, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`;
const SQL_MAX_SEQ = `SELECT MAX(seq) AS seq FROM (
	SELECT MAX(seq) AS seq FROM doc_updates WHERE board_id = ?
	UNION ALL SELECT MAX(upto_seq) FROM doc_checkpoints WHERE board_id = ?)`;
const SQL_LATEST_CHECKPOINT = `SELECT upto_seq AS uptoSeq, state FROM doc_checkpoints
	WHERE board_id = ? AND doc = ? ORDER BY upto_seq DESC LIMIT 1`;
const SQL_TAIL = `SELECT seq, data FROM doc_updates WHERE board_id = ? AND doc = ? AND seq > ? ORDER BY seq`;
const SQL_TAIL_COUNT = `SELECT COUNT(*) AS n FROM doc_updates WHERE board_id = ? AND doc = ? AND seq > ?`;
const SQL_SAVE_CHECKPOINT = `INSERT OR REPLACE INTO doc_checkpoints (board_id, doc, upto_seq, state, created_at) VALUES (?, ?, ?, ?, ?)`;
const SQL_DROP_COMPACTED = `DELETE FROM doc_updates WHERE board_id = ? AND doc = ? AND seq <= ?`;
const SQL_DROP_OLD_CHECKPOINTS = `DELETE FROM doc_checkpoints WHERE board_id = ? AND doc = ? AND upto_seq < ?`;
const SQL_DOC_NAMES = `SELECT doc FROM doc_checkpoints WHERE board_id = ? AND doc <> '${LEGACY_DOC}'
	UNION SELECT doc FROM doc_updates WHERE board_id = ? AND doc <> '${LEGACY_DOC}'`;

export interface LoadedDoc {
	doc: Y.Doc;
	/** Sequence number of the last update folded into `doc` (0 when none). */
	seq: number;
	/** Updates applied on top of the checkpoint (what compaction would fold). */
	tail: number;
}

/**
 * The durable store of a board's documents: an append-only update log plus
 * merged checkpoints per document, both in SQLite. Sequence numbers count
 * per board across all its documents, so history and versions keep one
 * order. Every append is committed before anyone else is told about it.
 */
export class DocStore {
	#db: Db;
	#append;
	#maxSeq;
	#latestCheckpoint;
	#tail;
	#tailCount;
	#saveCheckpoint;
	#dropCompacted;
	#dropOldCheckpoints;
	#docNames;

	constructor(db: Db) {
		this.#db = db;
		this.#append = db.prepare(SQL_APPEND);
		this.#maxSeq = db.prepare(SQL_MAX_SEQ).pluck();
		this.#latestCheckpoint = db.prepare(SQL_LATEST_CHECKPOINT);
		this.#tail = db.prepare(SQL_TAIL);
		this.#tailCount = db.prepare(SQL_TAIL_COUNT).pluck();
		this.#saveCheckpoint = db.prepare(SQL_SAVE_CHECKPOINT);
		this.#dropCompacted = db.prepare(SQL_DROP_COMPACTED);
		this.#dropOldCheckpoints = db.prepare(SQL_DROP_OLD_CHECKPOINTS);
		this.#docNames = db.prepare(SQL_DOC_NAMES).pluck();
	}

	/** Highest sequence number stored for the board, over all its documents (0 when none). */
	lastSeq(boardId: string): number {
		return (this.#maxSeq.get(boardId, boardId) as number | null) ?? 0;
	}

	/** Appends one update of a document (committed on return, or with the enclosing transaction). */
	append(boardId: string, docName: string, seq: number, update: Uint8Array, userId: number | null): void {
		this.#append.run(boardId, docName, seq, Buffer.from(update), userId, Date.now());
	}

	/**
	 * Runs `fn` in one transaction: the appends (and any other writes) it makes
	 * are committed together, with one fsync, when it returns.
	 */
	transaction<T>(fn: () => T): T {
		return this.#db.transaction(fn)();
	}

	/** The names of the documents stored for a board (the plan and the bodies that have any). */
	docNames(boardId: string): string[] {
		return this.#docNames.all(boardId, boardId) as string[];
	}

	/** Loads a document: its latest checkpoint and the log after it. */
	load(boardId: string, docName: string): LoadedDoc {
		const doc = emptyDoc(docName);
		const checkpoint = this.#latestCheckpoint.get(boardId, docName) as { uptoSeq: number; state: Buffer } | undefined;
		const from = checkpoint?.uptoSeq ?? 0;
		if (checkpoint) Y.applyUpdate(doc, checkpoint.state, { source: 'server' });
		const rows = this.#tail.all(boardId, docName, from) as { seq: number; data: Buffer }[];
		// One transaction, one update at a time: Y.mergeUpdates is superlinear on many clients'
		// interleaved updates (35 s for 20,000 from 50 writers; this takes ~0.1 s, 100,000 ~0.4 s).
		if (rows.length > 0) doc.transact(() => rows.forEach((r) => Y.applyUpdate(doc, r.data)), { source: 'server' });
		return { doc, seq: rows.at(-1)?.seq ?? from, tail: rows.length };
	}

	/** Loads every stored document of a board (a fresh copy: changes to it are not stored). */
	loadBoard(boardId: string): BoardDocs {
		const stored = new Set(this.docNames(boardId));
		const docs = new BoardDocs((name) => (stored.has(name) ? this.load(boardId, name).doc : emptyDoc(name)));
		for (const name of stored) docs.byName(name);
		return docs;
	}

	/** Number of log rows of a document after its latest checkpoint. */
	tailLength(boardId: string, docName: string = PLAN_DOC): number {
		const checkpoint = this.#latestCheckpoint.get(boardId, docName) as { uptoSeq: number } | undefined;
		return this.#tailCount.get(boardId, docName, checkpoint?.uptoSeq ?? 0) as number;
	}

	/**
	 * Folds a document's log up to `seq` into a checkpoint of `doc` (whose
	 * state must be exactly that log). One transaction: a crash leaves either
	 * the old log or the new checkpoint, never neither.
	 */
	checkpoint(boardId: string, docName: string, doc: Y.Doc, seq: number): void {
		const state = Y.encodeStateAsUpdate(doc);
		this.#db.transaction(() => {
			this.#saveCheckpoint.run(boardId, docName, seq, Buffer.from(state), Date.now());
			this.#dropCompacted.run(boardId, docName, seq);
			this.#dropOldCheckpoints.run(boardId, docName, seq);
		})();
	}

	/** Stores every document of a new board as its first checkpoint (at `seq`). */
	saveBoard(boardId: string, docs: BoardDocs, seq = 0): void {
		this.#db.transaction(() => {
			for (const [name, doc] of docs.named()) this.checkpoint(boardId, name, doc, seq);
		})();
	}
}
