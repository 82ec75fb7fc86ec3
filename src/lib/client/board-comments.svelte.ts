import { createSubscriber } from 'svelte/reactivity';
import { page } from '$app/state';
import type { CellCommentCounts, CommentView, ThreadView } from '$lib/board/discussion';
import * as rules from '$lib/board/permissions';
import type { CommentListing, MentionPeople } from '$lib/contract/comments';
import { getBoardSession, type BoardSession } from './board-session.svelte';
import { api } from './api';
import { getNotificationFeed, type NotificationFeed } from './notification-feed.svelte';
import { onPeerFieldChange, pollWhileVisible } from './poll';

/** How often counts (and the open cell's threads) are fetched while the tab is visible. */
const POLL_MS = 10_000;
/** The awareness field a browser bumps after changing the discussion, so others refetch at once. */
const NUDGE_FIELD = 'discussion';

/**
 * A board's discussion in the browser: comment counts per cell, the open
 * cell's threads, and the calls that change them. Comments are not in the
 * Yjs document: they are fetched from the server, every 10 s while something
 * shows them, and at once when another browser on the board bumps its
 * awareness `discussion` field after posting (a hint only: what is shown
 * always comes from the server).
 */
export class BoardComments {
	readonly boardId: string;
	readonly session: BoardSession;
	/** Whether the discussion panel is open. */
	open = $state(false);
	/** The cell the panel shows: the last one selected. */
	cell = $state<string | null>(null);
	/** A comment to bring into view (from a notification link). */
	highlight = $state<number | null>(null);

	#feed: NotificationFeed;
	#counts = $state<Record<string, CellCommentCounts>>({});
	#settings = $state<rules.DiscussionSettings>({ observersMayComment: false });
	#listing = $state<CommentListing | null>(null);
	#people = $state<MentionPeople>({ users: [], bodies: [] });
	#peopleLoaded = false;
	#subscribe = createSubscriber(() => {
		const stopPolling = pollWhileVisible(() => void this.refresh(), POLL_MS);
		// Another browser changed the discussion: fetch it and the bell now rather than at the next poll.
		const stopListening = onPeerFieldChange(this.session.live, NUDGE_FIELD, () => {
			void this.refresh();
			void this.#feed.refresh();
		});
		return () => {
			stopPolling();
			stopListening();
		};
	});

	constructor(boardId: string, session: BoardSession, feed: NotificationFeed) {
		this.boardId = boardId;
		this.session = session;
		this.#feed = feed;
	}

	/** Comment counts per cell key (cells without comments are absent). */
	get counts(): Record<string, CellCommentCounts> {
		this.#subscribe();
		return this.#counts;
	}

	/** Unread comments on the whole board. */
	get unreadTotal(): number {
		return Object.values(this.counts).reduce((sum, c) => sum + c.unread, 0);
	}

	get settings(): rules.DiscussionSettings {
		this.#subscribe();
		return this.#settings;
	}

	/** The threads of the panel's cell, newest activity first; null until loaded. */
	get threads(): ThreadView[] | null {
		this.#subscribe();
		return this.#listing && this.#listing.cell === this.cell ? this.#listing.threads : null;
	}

	get people(): MentionPeople {
		return this.#people;
	}

	/** Why this person may not comment here (null if they may). */
	get whyNotComment(): string | null {
		return rules.whyNotComment(this.session.user, this.settings);
	}

	canResolve(thread: ThreadView): boolean {
		return rules.canResolveThread(this.session.user, thread.comments[0].authorId === this.session.user.id);
	}

	get canChangeSettings(): boolean {
		return rules.canSetDiscussionSettings(this.session.user);
	}

	/** Opens the panel on `cell` and selects it in the grid. */
	openAt(cell: string, highlight: number | null = null): void {
		this.cell = cell;
		this.highlight = highlight;
		this.open = true;
		this.session.select(cell);
		void this.#loadPeople();
		void this.refresh();
	}

	toggle(): void {
		this.open = !this.open;
		if (this.open) {
			this.cell = this.session.selected ?? this.cell;
			void this.#loadPeople();
			void this.refresh();
		}
	}

	/** Fetches the counts and, with the panel open, its cell's threads; marks what the panel shows read. */
	async refresh(): Promise<void> {
		try {
			const cell = this.open ? this.cell : null;
			const [summary, listing] = await Promise.all([api.comments.summary(this.boardId), cell ? api.comments.list(this.boardId, cell) : null]);
			this.#counts = summary.counts;
			this.#settings = summary.settings;
			if (listing) {
				this.#listing = listing;
				if (this.open && this.cell === listing.cell) await this.#markRead(listing);
			}
		} catch {
			// Offline or signed out: keep what is shown; the next poll tries again.
		}
	}

	/** Starts a thread on the panel's cell (or one of its entries), or replies in a thread. */
	async post(body: string, target: { entryId?: string | null; parentId?: number | null }): Promise<CommentView> {
		const cell = this.cell;
		if (!cell) throw new Error('Select a cell first.');
		const { comment } = await api.comments.add(this.boardId, { cell, body, entryId: target.entryId ?? null, parentId: target.parentId ?? null });
		await this.#changed();
		return comment;
	}

	async edit(commentId: number, body: string): Promise<void> {
		await api.comments.edit(this.boardId, commentId, body);
		await this.#changed();
	}

	async setResolved(threadId: number, resolved: boolean): Promise<void> {
		await api.comments.setResolved(this.boardId, threadId, resolved);
		await this.#changed();
	}

	async setObserversMayComment(allowed: boolean): Promise<void> {
		const { settings } = await api.comments.setSettings(this.boardId, { observersMayComment: allowed });
		this.#settings = settings;
		this.#nudge();
	}

	async #markRead(listing: CommentListing): Promise<void> {
		const unread = (this.#counts[listing.cell]?.unread ?? 0) > 0;
		const notified = this.#feed.items.some((n) => n.boardId === this.boardId && n.cell === listing.cell && n.readAt === null);
		if (!unread && !notified) return;
		const { counts } = await api.comments.markRead(this.boardId, { cell: listing.cell, upTo: listing.listedAt });
		this.#counts = counts;
		if (notified) void this.#feed.refresh();
	}

	async #loadPeople(): Promise<void> {
		if (this.#peopleLoaded) return;
		this.#peopleLoaded = true;
		try {
			this.#people = await api.comments.people(this.boardId);
		} catch {
			this.#peopleLoaded = false;
		}
	}

	async #changed(): Promise<void> {
		this.#nudge();
		await this.refresh();
	}

	#nudge(): void {
		this.session.live.awareness.setLocalStateField(NUDGE_FIELD, Date.now());
	}
}

const perSession = new WeakMap<BoardSession, BoardComments>();

/**
 * The discussion of the board page's session, made on first use. Call during
 * component initialisation (it reads the board session and the notification
 * feed from context).
 */
export function getBoardComments(): BoardComments {
	const session = getBoardSession();
	let comments = perSession.get(session);
	if (!comments) {
		comments = new BoardComments(page.params.id!, session, getNotificationFeed());
		perSession.set(session, comments);
	}
	return comments;
}
