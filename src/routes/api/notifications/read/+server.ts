import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const READ = z.union([
	z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(200) }),
	z.strictObject({ all: z.literal(true) })
], { error: 'Send { ids: [notification ids] } or { all: true }.' });

/** POST { ids } or { all: true }: marks the signed-in user's notifications read; answers the unread count. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const input = await readJson(event.request, READ);
		const { notifications } = event.locals.app;
		notifications.markRead(user.id, 'all' in input ? 'all' : input.ids, Date.now());
		return json({ unread: notifications.unreadCount(user.id) });
	});
