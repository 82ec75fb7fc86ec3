import { json } from '@sveltejs/kit';
import { NotificationsRead, type UnreadCount } from '$lib/contract/notifications';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { ids } or { all: true }: marks the signed-in user's notifications read; answers the unread count. */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const input = await http.readJson(event.request, NotificationsRead);
		const { notifications } = event.locals.app;
		notifications.markRead(user.id, 'all' in input ? 'all' : input.ids, Date.now());
		return json({ unread: notifications.unreadCount(user.id) } satisfies UnreadCount);
	});
