import type { NotificationReason, NotificationView } from '../../board/discussion';
import type { Db } from '../db';

const SQL_INSERT = `INSERT INTO notifications (user_id, comment_id, reason, body_code, created_at) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (user_id, comment_id) DO NOTHING`;
const SQL_DELEGATES_OF = `SELECT id FROM users WHERE body = ? AND active = 1 AND role IN ('delegate', 'chair') ORDER BY id`;
const SQL_ACTIVE = `SELECT id FROM users WHERE id = ? AND active = 1`;
const SQL_LIST = `SELECT n.id, n.reason, n.body_code AS bodyCode, n.comment_id AS commentId, c.board_id AS boardId,
	b.title AS boardTitle, c.cell_key AS cell, c.cell_label AS cellLabel, u.name AS authorName,
	substr(c.body, 1, 200) AS excerpt, n.created_at AS createdAt, n.read_at AS readAt
	FROM notifications n JOIN comments c ON c.id = n.comment_id JOIN boards b ON b.id = c.board_id
	JOIN users u ON u.id = c.author_id
	WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`;
const SQL_UNREAD = `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`;
const SQL_MARK_ONE = `UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL`;
const SQL_MARK_ALL = `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`;
const SQL_MARK_CELL = `UPDATE notifications SET read_at = @now WHERE user_id = @user AND read_at IS NULL
	AND comment_id IN (SELECT id FROM comments WHERE board_id = @board AND cell_key = @cell AND created_at <= @upTo)`;

/** Most notifications one list returns. */
export const MAX_NOTIFICATIONS = 50;

/** Who a new comment notifies, by reason; the author is never notified. */
export interface Recipients {
	/** People mentioned by name or email. */
	userIds: readonly number[];
	/** Bodies mentioned by code: each one's active delegates (the chair included when it is theirs). */
	bodyCodes: readonly string[];
	/** People already in the thread (on a reply). */
	participantIds: readonly number[];
}

/** In-app notifications of comments: written when a comment is posted, read from the bell. */
export class Notifications {
	#db: Db;
	#insert;
	#delegatesOf;
	#active;
	#list;
	#unread;
	#markOne;
	#markAll;
	#markCell;

	constructor(db: Db) {
		this.#db = db;
		this.#insert = db.prepare(SQL_INSERT);
		this.#delegatesOf = db.prepare(SQL_DELEGATES_OF).pluck();
		this.#active = db.prepare(SQL_ACTIVE).pluck();
		this.#list = db.prepare(SQL_LIST);
		this.#unread = db.prepare(SQL_UNREAD).pluck();
		this.#markOne = db.prepare(SQL_MARK_ONE);
		this.#markAll = db.prepare(SQL_MARK_ALL);
		this.#markCell = db.prepare(SQL_MARK_CELL);
	}

	/**
	 * Notifies the recipients of comment `commentId` by `authorId`, one
	 * notification per person and comment: a direct mention wins over a body
	 * mention, which wins over thread participation. Returns who was notified.
	 */
	notify(commentId: number, authorId: number, to: Recipients, now: number): number[] {
		const notified: number[] = [];
		const add = (userId: number, reason: NotificationReason, body: string | null) => {
			if (userId === authorId || !this.#active.get(userId)) return;
			if (this.#insert.run(userId, commentId, reason, body, now).changes > 0) notified.push(userId);
		};
		this.#db.transaction(() => {
			for (const id of to.userIds) add(id, 'mention', null);
			for (const code of to.bodyCodes) for (const id of this.#delegatesOf.all(code) as number[]) add(id, 'body', code);
			for (const id of to.participantIds) add(id, 'reply', null);
		})();
		return notified;
	}

	/** A person's notifications, newest first. */
	list(userId: number, limit = MAX_NOTIFICATIONS): NotificationView[] {
		return this.#list.all(userId, Math.min(limit, MAX_NOTIFICATIONS)) as NotificationView[];
	}

	unreadCount(userId: number): number {
		return this.#unread.get(userId) as number;
	}

	/** Marks some of a person's notifications read (`'all'`: every one); others' ids are ignored. */
	markRead(userId: number, ids: readonly number[] | 'all', now: number): void {
		if (ids === 'all') {
			this.#markAll.run(now, userId);
			return;
		}
		this.#db.transaction(() => {
			for (const id of ids) this.#markOne.run(now, userId, id);
		})();
	}

	/** Reading a cell's discussion reads the notifications about comments in it made up to `upTo`. */
	markCellRead(userId: number, boardId: string, cell: string, upTo: number, now: number): void {
		this.#markCell.run({ now, user: userId, board: boardId, cell, upTo });
	}
}
