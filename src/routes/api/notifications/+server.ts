import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http';
import { getAppContext } from '$lib/server/app-context';
import type { RequestHandler } from './$types';

/** GET: the signed-in user's notifications, newest first, and how many are unread. */
export const GET: RequestHandler = (event) =>
	endpoint(event, (user) => {
		const { notifications } = getAppContext();
		return json({ unread: notifications.unreadCount(user.id), items: notifications.list(user.id) });
	});
