import type * as Y from 'yjs';
import { categoriesArray, metaMap, provisionsArray } from '../../board/doc';
import { readStructure, structureChanges, type StructureSnapshot } from '../../board/structure-history';
import type { Db } from '../db';
import type { Author } from './coalescing';

const SQL_INSERT = `INSERT INTO structure_history
	(board_id, target, target_id, kind, source, user_id, body, before, after, at, seq, suggested_by)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

interface Followed {
	/** The structure as of the last recorded transaction: the "before" of the next. */
	snapshot: StructureSnapshot;
	/** Transactions that touched the title, a column or a provision. */
	touched: WeakSet<Y.Transaction>;
}

/**
 * Records changes to a board's structure (title and "as of", columns,
 * provisions), as `HistoryRecorder` does for cells: observers note which
 * transactions touched the structure, and once such an update is stored the
 * structure is compared with the copy from before it.
 */
export class StructureRecorder {
	#db: Db;
	#insert;
	#boards = new Map<string, Followed>();

	constructor(db: Db) {
		this.#db = db;
		this.#insert = db.prepare(SQL_INSERT);
	}

	attach(boardId: string, doc: Y.Doc): () => void {
		const followed: Followed = { snapshot: readStructure(doc), touched: new WeakSet() };
		const note = (_events: unknown, tr: Y.Transaction) => void followed.touched.add(tr);
		const types = [metaMap(doc), categoriesArray(doc), provisionsArray(doc)] as Y.AbstractType<unknown>[];
		for (const type of types) type.observeDeep(note);
		this.#boards.set(boardId, followed);
		return () => {
			for (const type of types) type.unobserveDeep(note);
			if (this.#boards.get(boardId) === followed) this.#boards.delete(boardId);
		};
	}

	/** Writes the rows of a stored transaction that changed the structure. */
	record(boardId: string, doc: Y.Doc, transaction: Y.Transaction, author: Author): void {
		const followed = this.#boards.get(boardId);
		if (!followed?.touched.has(transaction)) return;
		followed.touched.delete(transaction);
		const after = readStructure(doc);
		const changes = structureChanges(followed.snapshot, after);
		followed.snapshot = after;
		if (changes.length === 0) return;
		const json = (f: object | null) => (f === null ? null : JSON.stringify(f));
		this.#db.transaction(() => {
			for (const c of changes) {
				this.#insert.run(boardId, c.target, c.targetId, c.kind, author.source, author.userId, author.body, json(c.before), json(c.after), author.now, author.seq, author.suggestedBy);
			}
		})();
	}
}
