import { cellKey } from './doc';
import { provisionRef } from './grouping';
import type { HistoryRow } from './history';
import type { BoardView } from './view';

/**
 * Discussion on cells: the plain shapes the server returns and the browser
 * renders, and the checks both make. Comments live in SQLite, not in the
 * board document (see docs/data-model.md).
 */

/** Longest comment, in characters. */
export const MAX_COMMENT_LENGTH = 4_000;

/** One comment: a thread's first comment or a reply to it. */
export interface CommentView {
	id: number;
	/** The thread's first comment; null for that first comment itself. */
	parentId: number | null;
	authorId: number;
	authorName: string;
	/** The body the author speaks for now (null for the secretariat, observers). */
	authorBody: string | null;
	body: string;
	createdAt: number;
	editedAt: number | null;
}

/** A thread on a cell, or on one entry of it: its first comment and the replies, oldest first. */
export interface ThreadView {
	id: number;
	cell: string;
	/** The cell's label when the thread was started ("A.a · Institutional Development"). */
	cellLabel: string;
	entryId: string | null;
	comments: CommentView[];
	resolvedAt: number | null;
	resolvedByName: string | null;
	/** The latest comment or resolution: threads are listed newest activity first. */
	lastActivityAt: number;
}

/** Comment counts of one cell for one reader. */
export interface CellCommentCounts {
	total: number;
	/** Comments by others made after the reader last read the cell. */
	unread: number;
	/** Threads not resolved. */
	open: number;
}

/** Why a notification was sent. */
export type NotificationReason = 'mention' | 'body' | 'reply';

/** One item of a person's notifications list. */
export interface NotificationView {
	id: number;
	reason: NotificationReason;
	/** For `body`: the body whose mention reached this person. */
	bodyCode: string | null;
	commentId: number;
	boardId: string;
	boardTitle: string;
	cell: string;
	cellLabel: string;
	authorName: string;
	excerpt: string;
	createdAt: number;
	readAt: number | null;
}

/** The problem with a comment's text as a sentence, or null when it can be posted. */
export function commentProblem(body: string): string | null {
	if (!body.trim()) return 'Write something first.';
	if (body.length > MAX_COMMENT_LENGTH) {
		return `A comment can have at most ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters (this one has ${body.length.toLocaleString('en')}).`;
	}
	return null;
}

/**
 * The label of a cell of `board` ("A.a · Institutional Development"), or a
 * sentence saying why the cell, or the entry `entryId` in it, is not there.
 */
export function describeCell(
	board: Pick<BoardView, 'provisions' | 'categories' | 'entries'>,
	cell: string,
	entryId: string | null
): { label: string } | { problem: string } {
	const i = cell.lastIndexOf('|');
	const provision = board.provisions.find((p) => p.id === cell.slice(0, i));
	const category = board.categories.find((c) => c.id === cell.slice(i + 1));
	if (i === -1 || !provision || !category) return { problem: 'This board has no such cell.' };
	if (entryId !== null) {
		const entry = board.entries.find((e) => e.id === entryId);
		if (!entry || cellKey(entry.provision, entry.category) !== cell) return { problem: 'This cell has no such entry.' };
	}
	return { label: `${provisionRef(provision)} · ${category.name}` };
}

/** The link that opens a cell's discussion on its board (what notifications point to). */
export function discussionHref(boardId: string, cell: string, commentId?: number): string {
	const params = new URLSearchParams({ cell, discussion: commentId ? String(commentId) : 'open' });
	return `/boards/${encodeURIComponent(boardId)}?${params}`;
}

/** A comment event in a cell's history timeline. */
export interface CommentEvent {
	kind: 'comment' | 'resolved';
	cell: string;
	threadId: number;
	commentId: number;
	entryId: string | null;
	userId: number | null;
	userName: string | null;
	/** The body that person speaks for now (null for the secretariat, observers): what the history's body filter matches. */
	userBody: string | null;
	/** The comment's text; for `resolved`, the text of the thread's first comment. */
	body: string;
	at: number;
}

/** Longest comment text a history item shows. */
export const EXCERPT_LENGTH = 200;

/** A comment's text cut to `max` characters, on one line, with "…" when cut. */
export function commentExcerpt(text: string, max = EXCERPT_LENGTH): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** What a comment event did, as the history panel says it: "commented", "replied", "resolved the thread". */
export function commentEventVerb(event: Pick<CommentEvent, 'kind' | 'threadId' | 'commentId'>): string {
	if (event.kind === 'resolved') return 'resolved the thread';
	return event.commentId === event.threadId ? 'commented' : 'replied';
}

/** Whether a comment event passes the history panel's (and endpoint's) person and body filters. */
export function commentEventMatches(event: CommentEvent, filters: { userId?: number | null; body?: string | null }): boolean {
	return (filters.userId == null || event.userId === filters.userId) && (!filters.body || event.userBody === filters.body);
}

/** One item of a cell's timeline: a change to its content or a comment event. */
export type TimelineItem = { type: 'change'; at: number; row: HistoryRow } | { type: 'comment'; at: number; event: CommentEvent };

/** Merges a cell's history rows and comment events into one timeline, newest first. */
export function mergeTimeline(rows: readonly HistoryRow[], events: readonly CommentEvent[]): TimelineItem[] {
	const items: TimelineItem[] = [
		...rows.map((row) => ({ type: 'change' as const, at: row.updatedAt, row })),
		...events.map((event) => ({ type: 'comment' as const, at: event.at, event }))
	];
	return items.sort((a, b) => b.at - a.at);
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "just now", "5 min ago", "3 h ago", else the date and time: when a comment was made. */
export function formatWhen(at: number, now: number): string {
	const minutes = Math.floor((now - at) / 60_000);
	if (minutes < 1) return 'just now';
	if (minutes < 60) return `${minutes} min ago`;
	if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
	return DATE_TIME.format(at);
}
