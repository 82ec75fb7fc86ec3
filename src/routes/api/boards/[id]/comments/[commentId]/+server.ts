import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, idParam, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const CHANGE = z.union([
	z.strictObject({ body: z.string().max(100_000) }),
	z.strictObject({ resolved: z.boolean() })
], { error: 'Send either { body } to edit the comment or { resolved } to resolve or reopen its thread.' });

/** PATCH { body } edits one's own comment; PATCH { resolved } resolves or reopens the comment's thread. */
export const PATCH: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const id = idParam(event.params.commentId, 'comment');
		const change = await readJson(event.request, CHANGE);
		const { comments } = event.locals.app;
		if ('body' in change) return json({ comment: comments.edit(user, event.params.id, id, change.body) });
		return json({ thread: comments.setResolved(user, event.params.id, id, change.resolved) });
	});
