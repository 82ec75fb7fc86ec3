import { z } from 'zod';
import type { NotificationView } from '../board/discussion';

/** `/api/notifications…`: the signed-in user's notifications. */

/** POST `/read`: mark some notifications read, or all. */
export const NotificationsRead = z.union([z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(200) }), z.strictObject({ all: z.literal(true) })], {
	error: 'Send { ids: [notification ids] } or { all: true }.'
});
export type NotificationsRead = z.input<typeof NotificationsRead>;

/** GET: newest first, and how many are unread. */
export interface NotificationList {
	unread: number;
	items: NotificationView[];
}

/** POST `/read`: the unread count after. */
export interface UnreadCount {
	unread: number;
}
