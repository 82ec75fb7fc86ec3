import { json } from '@sveltejs/kit';
import { describeCell } from '$lib/board/discussion';
import { CommentListingQuery, NewComment, type CommentListing, type PostedComment } from '$lib/contract/comments';
import { readBoard } from '$lib/board/view';
import { badRequest } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET ?cell=<cellKey>: the cell's threads, newest activity first, and when they were listed (for the read mark). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const { comments } = event.locals.app;
		comments.settings(event.params.id);
		const { cell } = http.readQuery(event.url, CommentListingQuery);
		const listedAt = Date.now();
		return json({ cell, threads: comments.threads(event.params.id, cell), listedAt } satisfies CommentListing);
	});

/** POST { cell, entryId?, parentId?, body }: starts a thread on a cell or entry, or replies in one (`parentId`). */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const input = await http.readJson(event.request, NewComment);
		const ctx = event.locals.app;
		ctx.comments.settings(event.params.id);
		let cellLabel = '';
		if (input.parentId == null) {
			// A new thread must be on a cell (and entry) the board has now; a reply joins its thread's cell.
			const described = describeCell(readBoard(ctx.rooms.readDocs(event.params.id)), input.cell, input.entryId ?? null);
			if ('problem' in described) throw badRequest(described.problem);
			cellLabel = described.label;
		}
		const posted = ctx.comments.post(user, { boardId: event.params.id, ...input, cellLabel });
		return json({ comment: posted.comment, threadId: posted.threadId } satisfies PostedComment, { status: 201 });
	});
