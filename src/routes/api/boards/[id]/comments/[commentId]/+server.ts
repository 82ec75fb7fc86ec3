import { json } from '@sveltejs/kit';
import { CommentChange, type ChangedComment } from '$lib/contract/comments';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** PATCH { body } edits one's own comment; PATCH { resolved } resolves or reopens the comment's thread. */
export const PATCH: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const id = http.idParam(event.params.commentId, 'comment');
		const change = await http.readJson(event.request, CommentChange);
		const { comments } = event.locals.app;
		if ('body' in change) return json({ comment: comments.edit(user, event.params.id, id, change.body) } satisfies ChangedComment);
		return json({ thread: comments.setResolved(user, event.params.id, id, change.resolved) } satisfies ChangedComment);
	});
