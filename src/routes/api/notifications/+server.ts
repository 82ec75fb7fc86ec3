import { json } from '@sveltejs/kit';
import type { NotificationList } from '$lib/contract/notifications';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the signed-in user's notifications, newest first, and how many are unread. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, (user) => {
		const { notifications } = event.locals.app;
		return json({ unread: notifications.unreadCount(user.id), items: notifications.list(user.id) } satisfies NotificationList);
	});
