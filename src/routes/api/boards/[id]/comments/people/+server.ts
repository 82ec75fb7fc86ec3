import { json } from '@sveltejs/kit';
import type { MentionPeople } from '$lib/contract/comments';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: who a comment on this board can mention: active people (names, no emails) and the bodies. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const { comments } = event.locals.app;
		comments.settings(event.params.id);
		return json(comments.people() satisfies MentionPeople);
	});
