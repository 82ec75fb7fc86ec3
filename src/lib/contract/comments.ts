import { z } from 'zod';
import type { CellCommentCounts, CommentView, ThreadView } from '../board/discussion';
import type { DiscussionSettings } from '../board/permissions';

/** `/api/boards/<id>/comments…`: a board's discussion. */

const WHICH_CELL = 'Say which cell: ?cell=<provision>|<category>.';

/** GET `?cell=<cellKey>`. */
export const CommentListingQuery = z.object({ cell: z.string({ error: WHICH_CELL }).min(3, WHICH_CELL).max(200, WHICH_CELL) });

/** POST: a new thread on a cell (or one of its entries), or a reply in one (`parentId`). */
export const NewComment = z.strictObject({
	cell: z.string({ error: 'Say which cell (provision|category).' }).min(3).max(200),
	entryId: z.string().max(100).nullish(),
	parentId: z.number().int().positive().nullish(),
	body: z.string({ error: 'Send the comment’s text as `body`.' }).max(100_000)
});
export type NewComment = z.input<typeof NewComment>;

/** PATCH `/comments/<commentId>`: edit one's own comment, or resolve or reopen its thread. */
export const CommentChange = z.union(
	[z.strictObject({ body: z.string().max(100_000) }), z.strictObject({ resolved: z.boolean() })],
	{ error: 'Send either { body } to edit the comment or { resolved } to resolve or reopen its thread.' }
);
export type CommentChange = z.input<typeof CommentChange>;

/** POST `/comments/read`: the reader has seen the cell's discussion as listed at `upTo`. */
export const CommentsRead = z.strictObject({
	cell: z.string().min(3).max(200),
	/** The `listedAt` of the listing the reader saw: later comments stay unread. */
	upTo: z.number().int().nonnegative()
});
export type CommentsRead = z.input<typeof CommentsRead>;

/** PUT `/comments/settings`. */
export const DiscussionSettingsInput = z.strictObject({ observersMayComment: z.boolean({ error: 'Send { observersMayComment: true | false }.' }) });
export type DiscussionSettingsInput = z.input<typeof DiscussionSettingsInput>;

/** Comment counts per cell key (cells without comments are absent). */
export type CommentCounts = Record<string, CellCommentCounts>;

/** GET `?cell=`: the cell's threads, newest activity first, and when they were listed (for the read mark). */
export interface CommentListing {
	cell: string;
	threads: ThreadView[];
	listedAt: number;
}

/** GET `/comments/summary`. */
export interface CommentSummary {
	counts: CommentCounts;
	settings: DiscussionSettings;
}

/** POST: the comment made and its thread. */
export interface PostedComment {
	comment: CommentView;
	threadId: number;
}

/** PATCH: the edited comment, or the resolved or reopened thread. */
export type ChangedComment = { comment: CommentView } | { thread: ThreadView };

/** GET `/comments/people`: who a comment can mention (no emails). */
export interface MentionPeople {
	users: { id: number; name: string; body: string | null }[];
	bodies: { code: string; name: string }[];
}
