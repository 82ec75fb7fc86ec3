import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const READ = z.strictObject({
	cell: z.string().min(3).max(200),
	/** The `listedAt` of the listing the reader saw: later comments stay unread. */
	upTo: z.number().int().nonnegative()
});

/** POST { cell, upTo }: the signed-in user has read the cell's discussion; answers the new counts. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const { cell, upTo } = await readJson(event.request, READ);
		const { comments } = event.locals.app;
		comments.settings(event.params.id);
		comments.markRead(user.id, event.params.id, cell, upTo);
		return json({ counts: comments.counts(event.params.id, user.id) });
	});
