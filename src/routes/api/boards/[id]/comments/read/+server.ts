import { json } from '@sveltejs/kit';
import { CommentsRead, type CommentSummary } from '$lib/contract/comments';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { cell, upTo }: the signed-in user has read the cell's discussion; answers the new counts. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const { cell, upTo } = await readJson(event.request, CommentsRead);
		const { comments } = event.locals.app;
		comments.settings(event.params.id);
		comments.markRead(user.id, event.params.id, cell, upTo);
		return json({ counts: comments.counts(event.params.id, user.id) } satisfies Pick<CommentSummary, 'counts'>);
	});
