import { json } from '@sveltejs/kit';
import type { CommentSummary } from '$lib/contract/comments';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's comment counts per cell for the signed-in user, and its discussion settings. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, (user) => {
		const { comments } = event.locals.app;
		const settings = comments.settings(event.params.id);
		return json({ counts: comments.counts(event.params.id, user.id), settings } satisfies CommentSummary);
	});
