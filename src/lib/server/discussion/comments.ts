import {
	commentProblem,
	type CellCommentCounts,
	type CommentEvent,
	type CommentView,
	type ThreadView
} from '../../board/discussion';
import { mentionedTargets, parseMentions, type MentionDirectory } from '../../board/mentions';
import { canResolveThread, canSetDiscussionSettings, whyNotComment, type DiscussionSettings, type UserActor } from '../../board/permissions';
import type { MentionPeople } from '../../contract/comments';
import { badRequest, forbidden, NO_BOARD, notFound } from '../app-error';
import type { Db } from '../db';
import type { Notifications } from './notifications';

const COLUMNS = `c.id, c.board_id AS boardId, c.cell_key AS cell, c.cell_label AS cellLabel, c.entry_id AS entryId,
	c.parent_id AS parentId, c.author_id AS authorId, u.name AS authorName, u.body AS authorBody, c.body,
	c.created_at AS createdAt, c.edited_at AS editedAt, c.resolved_at AS resolvedAt, c.resolved_by AS resolvedBy,
	r.name AS resolvedByName, r.body AS resolvedByBody`;
const FROM = `FROM comments c JOIN users u ON u.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by`;
const SQL_BY_ID = `SELECT ${COLUMNS} ${FROM} WHERE c.board_id = ? AND c.id = ?`;
const SQL_CELL = `SELECT ${COLUMNS} ${FROM} WHERE c.board_id = ? AND c.cell_key = ? ORDER BY c.created_at, c.id`;
const SQL_BOARD = `SELECT ${COLUMNS} ${FROM} WHERE c.board_id = ? ORDER BY c.cell_key, c.created_at, c.id`;
const SQL_INSERT = `INSERT INTO comments (board_id, cell_key, cell_label, entry_id, parent_id, author_id, body, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const SQL_EDIT = `UPDATE comments SET body = ?, edited_at = ? WHERE id = ?`;
const SQL_RESOLVE = `UPDATE comments SET resolved_at = ?, resolved_by = ? WHERE id = ?`;
const SQL_PARTICIPANTS = `SELECT DISTINCT author_id FROM comments WHERE id = @id OR parent_id = @id ORDER BY author_id`;
const SQL_CLEAR_MENTIONS = `DELETE FROM comment_mentions WHERE comment_id = ?`;
const SQL_INSERT_MENTION = `INSERT INTO comment_mentions (comment_id, user_id, body_code) VALUES (?, ?, ?)`;
const SQL_COUNTS = `SELECT c.cell_key AS cell, COUNT(*) AS total,
	SUM(c.author_id <> @user AND c.created_at > COALESCE(r.last_read_at, 0)) AS unread,
	SUM(c.parent_id IS NULL AND c.resolved_at IS NULL) AS open
	FROM comments c LEFT JOIN comment_reads r ON r.user_id = @user AND r.board_id = c.board_id AND r.cell_key = c.cell_key
	WHERE c.board_id = @board GROUP BY c.cell_key`;
const SQL_MARK_READ = `INSERT INTO comment_reads (user_id, board_id, cell_key, last_read_at) VALUES (?, ?, ?, ?)
	ON CONFLICT (user_id, board_id, cell_key) DO UPDATE SET last_read_at = MAX(last_read_at, excluded.last_read_at)`;
const SQL_SETTINGS = `SELECT observers_may_comment AS observersMayComment FROM boards WHERE id = ?`;
const SQL_SET_OBSERVERS = `UPDATE boards SET observers_may_comment = ? WHERE id = ?`;
const SQL_DIRECTORY_USERS = `SELECT id, name, email, body FROM users WHERE active = 1 ORDER BY name, id`;
const SQL_DIRECTORY_BODIES = `SELECT code, name FROM bodies ORDER BY position`;

/** A new thread on a cell (or one of its entries), or a reply when `parentId` is set. */
export interface NewComment {
	boardId: string;
	cell: string;
	/** "A.a · Institutional Development": kept with the comment for notifications and export. */
	cellLabel: string;
	entryId?: string | null;
	parentId?: number | null;
	body: string;
}

interface CommentRow extends CommentView {
	boardId: string;
	cell: string;
	cellLabel: string;
	entryId: string | null;
	resolvedAt: number | null;
	resolvedBy: number | null;
	resolvedByName: string | null;
	resolvedByBody: string | null;
}

/** A thread as the export annex needs it: plain data, oldest comment first. */
export type ExportThread = ThreadView;

function view(row: CommentRow): CommentView {
	const { id, parentId, authorId, authorName, authorBody, body, createdAt, editedAt } = row;
	return { id, parentId, authorId, authorName, authorBody, body, createdAt, editedAt };
}

/** Groups a cell's (or board's) rows, oldest first, into threads. */
function threadsOf(rows: readonly CommentRow[]): ThreadView[] {
	const byRoot = new Map<number, ThreadView>();
	for (const row of rows) {
		if (row.parentId === null) {
			byRoot.set(row.id, {
				id: row.id,
				cell: row.cell,
				cellLabel: row.cellLabel,
				entryId: row.entryId,
				comments: [view(row)],
				resolvedAt: row.resolvedAt,
				resolvedByName: row.resolvedByName,
				lastActivityAt: Math.max(row.createdAt, row.resolvedAt ?? 0)
			});
		} else {
			const thread = byRoot.get(row.parentId);
			if (!thread) continue;
			thread.comments.push(view(row));
			thread.lastActivityAt = Math.max(thread.lastActivityAt, row.createdAt);
		}
	}
	return [...byRoot.values()];
}

/**
 * Threaded comments on cells and entries, their mentions and read marks.
 * Every write checks the rules of `permissions.ts` and throws an AppError
 * the endpoint turns into a 4xx.
 */
export class Comments {
	#db: Db;
	#notifications: Notifications;
	#now: () => number;
	#byId;
	#cell;
	#board;
	#insert;
	#edit;
	#resolve;
	#participants;
	#clearMentions;
	#insertMention;
	#counts;
	#markRead;
	#settings;
	#setObservers;
	#directoryUsers;
	#directoryBodies;

	constructor(db: Db, notifications: Notifications, options: { now?: () => number } = {}) {
		this.#db = db;
		this.#notifications = notifications;
		this.#now = options.now ?? Date.now;
		this.#byId = db.prepare(SQL_BY_ID);
		this.#cell = db.prepare(SQL_CELL);
		this.#board = db.prepare(SQL_BOARD);
		this.#insert = db.prepare(SQL_INSERT);
		this.#edit = db.prepare(SQL_EDIT);
		this.#resolve = db.prepare(SQL_RESOLVE);
		this.#participants = db.prepare(SQL_PARTICIPANTS).pluck();
		this.#clearMentions = db.prepare(SQL_CLEAR_MENTIONS);
		this.#insertMention = db.prepare(SQL_INSERT_MENTION);
		this.#counts = db.prepare(SQL_COUNTS);
		this.#markRead = db.prepare(SQL_MARK_READ);
		this.#settings = db.prepare(SQL_SETTINGS);
		this.#setObservers = db.prepare(SQL_SET_OBSERVERS);
		this.#directoryUsers = db.prepare(SQL_DIRECTORY_USERS);
		this.#directoryBodies = db.prepare(SQL_DIRECTORY_BODIES);
	}

	/** The board's discussion settings; AppError 404 when there is no such board. */
	settings(boardId: string): DiscussionSettings {
		const row = this.#settings.get(boardId) as { observersMayComment: number } | undefined;
		if (!row) throw notFound(NO_BOARD);
		return { observersMayComment: row.observersMayComment === 1 };
	}

	/** Opens (or closes) a board's discussion to observers: the secretariat's call. */
	setObserversMayComment(actor: UserActor, boardId: string, allowed: boolean): DiscussionSettings {
		this.settings(boardId);
		if (!canSetDiscussionSettings(actor)) throw forbidden('Only the secretariat decides whether observers may comment.');
		this.#setObservers.run(allowed ? 1 : 0, boardId);
		return { observersMayComment: allowed };
	}

	/**
	 * Posts a comment: a new thread, or a reply (to a thread's first comment or
	 * to a reply, which joins the same thread). A reply to a resolved thread
	 * reopens it. Notifies the people and bodies it mentions and, on a reply,
	 * the thread's participants. Comments stay allowed on finalized boards.
	 */
	post(actor: UserActor, input: NewComment): { comment: CommentView; threadId: number; notified: number[] } {
		const why = whyNotComment(actor, this.settings(input.boardId));
		if (why) throw forbidden(why);
		const problem = commentProblem(input.body);
		if (problem) throw badRequest(problem);
		const now = this.#now();
		return this.#db.transaction(() => {
			let root: CommentRow | undefined;
			if (input.parentId != null) {
				const parent = this.#row(input.boardId, input.parentId);
				root = parent.parentId === null ? parent : this.#row(input.boardId, parent.parentId);
				if (root.resolvedAt !== null) this.#resolve.run(null, null, root.id);
			}
			const { lastInsertRowid } = this.#insert.run(
				input.boardId,
				root?.cell ?? input.cell,
				root?.cellLabel ?? input.cellLabel,
				root ? root.entryId : (input.entryId ?? null),
				root?.id ?? null,
				actor.id,
				input.body,
				now
			);
			const id = Number(lastInsertRowid);
			const participants = root ? (this.#participants.all({ id: root.id }) as number[]) : [];
			const notified = this.#mentionAndNotify(id, actor.id, input.body, participants, now);
			return { comment: view(this.#row(input.boardId, id)), threadId: root?.id ?? id, notified };
		})();
	}

	/** Changes the text of one's own comment; newly mentioned people are notified, others are not again. */
	edit(actor: UserActor, boardId: string, commentId: number, body: string): CommentView {
		const why = whyNotComment(actor, this.settings(boardId));
		if (why) throw forbidden(why);
		const row = this.#row(boardId, commentId);
		if (row.authorId !== actor.id) throw forbidden('Only its author can edit a comment.');
		const problem = commentProblem(body);
		if (problem) throw badRequest(problem);
		const now = this.#now();
		return this.#db.transaction(() => {
			this.#edit.run(body, now, commentId);
			this.#mentionAndNotify(commentId, actor.id, body, [], now);
			return view(this.#row(boardId, commentId));
		})();
	}

	/** Resolves or reopens the thread that `commentId` belongs to: its author, the chair or the secretariat. */
	setResolved(actor: UserActor, boardId: string, commentId: number, resolved: boolean): ThreadView {
		this.settings(boardId);
		const row = this.#row(boardId, commentId);
		const root = row.parentId === null ? row : this.#row(boardId, row.parentId);
		if (!canResolveThread(actor, root.authorId === actor.id)) {
			throw forbidden('Only the thread’s author, the chair or the secretariat can resolve or reopen it.');
		}
		if ((root.resolvedAt !== null) !== resolved) {
			this.#resolve.run(resolved ? this.#now() : null, resolved ? actor.id : null, root.id);
		}
		return this.threads(boardId, root.cell).find((t) => t.id === root.id)!;
	}

	/** A cell's threads, newest activity first. */
	threads(boardId: string, cell: string): ThreadView[] {
		const threads = threadsOf(this.#cell.all(boardId, cell) as CommentRow[]);
		return threads.sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
	}

	/** Comment counts per cell (cells without comments are absent) for `userId`. */
	counts(boardId: string, userId: number): Record<string, CellCommentCounts> {
		const rows = this.#counts.all({ board: boardId, user: userId }) as ({ cell: string } & CellCommentCounts)[];
		return Object.fromEntries(rows.map(({ cell, ...counts }) => [cell, counts]));
	}

	/**
	 * Marks a cell's comments up to `upTo` (the time the reader's listing was
	 * made, so that comments posted since stay unread) read, and the
	 * notifications about them.
	 */
	markRead(userId: number, boardId: string, cell: string, upTo: number): void {
		const now = this.#now();
		const until = Math.min(upTo, now);
		this.#db.transaction(() => {
			this.#markRead.run(userId, boardId, cell, until);
			this.#notifications.markCellRead(userId, boardId, cell, until, now);
		})();
	}

	/** The cell's comment events for its history timeline (merge with `mergeTimeline`). */
	timeline(boardId: string, cell: string): CommentEvent[] {
		const rows = this.#cell.all(boardId, cell) as CommentRow[];
		const events: CommentEvent[] = [];
		for (const r of rows) {
			const base = { cell: r.cell, threadId: r.parentId ?? r.id, commentId: r.id, entryId: r.entryId };
			events.push({ ...base, kind: 'comment', userId: r.authorId, userName: r.authorName, userBody: r.authorBody, body: r.body, at: r.createdAt });
			// Only a thread's first comment is marked resolved: its text says what was resolved.
			if (r.resolvedAt !== null) {
				events.push({ ...base, kind: 'resolved', userId: r.resolvedBy, userName: r.resolvedByName, userBody: r.resolvedByBody, body: r.body, at: r.resolvedAt });
			}
		}
		return events.sort((a, b) => b.at - a.at);
	}

	/** Every thread of a board, by cell key then oldest first: the data of the export's comments annex. */
	listCommentsForExport(boardId: string): ExportThread[] {
		return threadsOf(this.#board.all(boardId) as CommentRow[]);
	}

	/** The people and bodies a comment can mention (the browser's completion list). */
	people(): MentionPeople {
		return {
			users: (this.#directoryUsers.all() as { id: number; name: string; body: string | null }[]).map(({ id, name, body }) => ({ id, name, body })),
			bodies: this.#directoryBodies.all() as { code: string; name: string }[]
		};
	}

	#row(boardId: string, id: number): CommentRow {
		const row = this.#byId.get(boardId, id) as CommentRow | undefined;
		if (!row) throw notFound('No such comment on this board.');
		return row;
	}

	/** Records the mentions of a comment's text and notifies. Runs inside the caller's transaction. */
	#mentionAndNotify(commentId: number, authorId: number, body: string, participants: number[], now: number): number[] {
		const directory: MentionDirectory = {
			users: this.#directoryUsers.all() as { id: number; name: string; email: string }[],
			bodies: this.#directoryBodies.all() as { code: string }[]
		};
		const { userIds, bodyCodes } = mentionedTargets(parseMentions(body, directory));
		this.#clearMentions.run(commentId);
		for (const id of userIds) this.#insertMention.run(commentId, id, null);
		for (const code of bodyCodes) this.#insertMention.run(commentId, null, code);
		return this.#notifications.notify(commentId, authorId, { userIds, bodyCodes, participantIds: participants }, now);
	}
}
