import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { NotificationView } from '$lib/board/discussion';
import { api } from './api';
import { pollWhileVisible } from './poll';

/** How often the bell asks for new notifications while the page is visible. */
const POLL_MS = 20_000;

/**
 * The signed-in person's notifications (the bell in the app bar). Polls while
 * something shows it and the tab is visible; a board page asks for a refresh
 * as soon as it learns of a new comment.
 */
export class NotificationFeed {
	#items = $state<NotificationView[]>([]);
	#unread = $state(0);
	#subscribe = createSubscriber(() => {
		// A new bell (after signing in again) must not show the previous person's list.
		this.#items = [];
		this.#unread = 0;
		return pollWhileVisible(() => void this.refresh(), POLL_MS);
	});

	/** Newest first. */
	get items(): NotificationView[] {
		this.#subscribe();
		return this.#items;
	}

	get unread(): number {
		this.#subscribe();
		return this.#unread;
	}

	async refresh(): Promise<void> {
		try {
			const data = await api.notifications.list();
			this.#items = data.items;
			this.#unread = data.unread;
		} catch {
			// Offline or signed out: keep what is shown; the next poll tries again.
		}
	}

	async markRead(ids: number[] | 'all'): Promise<void> {
		const now = Date.now();
		this.#items = this.#items.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n));
		this.#unread = this.#items.filter((n) => n.readAt === null).length;
		const { unread } = await api.notifications.markRead(ids === 'all' ? { all: true } : { ids });
		this.#unread = unread;
	}
}

export const [getNotificationFeed, setNotificationFeed] = createContext<NotificationFeed>();
