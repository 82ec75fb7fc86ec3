import { json } from '@sveltejs/kit';
import { CommentsRead, type CommentSummary } from '$lib/contract/comments';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { cell, upTo }: the signed-in user has read the cell's discussion; answers the new counts. */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const { cell, upTo } = await http.readJson(event.request, CommentsRead);
		const { comments } = event.locals.app;
		comments.settings(event.params.id);
		comments.markRead(user.id, event.params.id, cell, upTo);
		return json({ counts: comments.counts(event.params.id, user.id) } satisfies Pick<CommentSummary, 'counts'>);
	});
