import { json } from '@sveltejs/kit';
import { DiscussionSettingsInput, type CommentSummary } from '$lib/contract/comments';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** PUT { observersMayComment }: the secretariat opens or closes the board's discussion to observers. */
export const PUT: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const { observersMayComment } = await http.readJson(event.request, DiscussionSettingsInput);
		const settings = event.locals.app.comments.setObserversMayComment(user, event.params.id, observersMayComment);
		return json({ settings } satisfies Pick<CommentSummary, 'settings'>);
	});
