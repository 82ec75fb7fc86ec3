import { createSubscriber } from 'svelte/reactivity';
import { page } from '$app/state';
import { clampItem, type MeetingView } from '$lib/board/meeting';
import * as rules from '$lib/board/permissions';
import { getBoardSession, type BoardSession } from './board-session.svelte';
import { api } from './api';
import type { PresenceState } from './presence.svelte';
import { onPeerFieldChange, pollWhileVisible } from './poll';

/** How often the running meeting is fetched while the tab is visible. */
const POLL_MS = 4_000;
/** The awareness field the presenter sets: others refetch at once when it changes. */
const PRESENTING = 'presenting';

/**
 * The board's meeting in the browser. The server's `meetings` row is the
 * truth (fetched every few seconds); the presenter's Previous/Next also sets
 * their awareness `presenting` field, so everyone else refetches at once
 * instead of at the next poll. Each person chooses whether their view
 * follows the presenter.
 */
export class BoardMeeting {
	readonly boardId: string;
	readonly session: BoardSession;
	/** Whether this person's view scrolls along with the presenter (their own choice; on again for each new meeting). */
	following = $state(true);
	/** The last refused Previous/Next, for the banner. */
	problem = $state<string | null>(null);
	/** The meeting that ended while this page was open (its minutes are ready), until dismissed. */
	ended = $state<{ id: number; title: string } | null>(null);

	#meeting = $state<MeetingView | null>(null);
	#subscribe = createSubscriber(() => {
		const stopPolling = pollWhileVisible(() => void this.refresh(), POLL_MS);
		const stopListening = onPeerFieldChange(
			this.session.live,
			PRESENTING,
			() => void this.refresh(),
			() => this.#announce()
		);
		return () => {
			stopPolling();
			stopListening();
		};
	});

	constructor(boardId: string, session: BoardSession) {
		this.boardId = boardId;
		this.session = session;
	}

	/** The running meeting, or null. */
	get meeting(): MeetingView | null {
		this.#subscribe();
		return this.#meeting;
	}

	get running(): boolean {
		return this.meeting !== null;
	}

	/** The provision id of the agenda item under discussion. */
	get currentProvision(): string | null {
		const m = this.meeting;
		return m ? (m.agenda[clampItem(m)] ?? null) : null;
	}

	/** May this person move the meeting along and end it? */
	get mayRun(): boolean {
		return rules.canRunMeeting(this.session.user);
	}

	/** Is this person the one whose Previous/Next everyone follows? */
	get presenting(): boolean {
		return this.meeting?.presenterId === this.session.user.id;
	}

	/** Why this person may not record agreement right now (null: they may). */
	get whyNotDecide(): string | null {
		return this.session.whyNotDecide;
	}

	async refresh(): Promise<void> {
		try {
			const { meeting } = await api.meeting.running(this.boardId);
			const was = this.#meeting;
			if (meeting?.id !== was?.id) this.following = true;
			if (was && meeting?.id !== was.id) this.ended = { id: was.id, title: was.title };
			if (meeting) this.ended = null;
			this.#meeting = meeting;
			this.session.meetingId = meeting?.id ?? null;
			this.#announce();
		} catch {
			// Offline or signed out: keep what is shown; the next poll tries again.
		}
	}

	/** Moves the meeting to agenda item `item` (0-based); this person becomes the presenter. */
	async go(item: number): Promise<void> {
		const current = this.#meeting;
		if (!current) return;
		this.problem = null;
		try {
			const { meeting } = await api.meeting.moveTo(this.boardId, { meetingId: current.id, item });
			this.#meeting = meeting;
			this.following = true;
			this.#announce();
		} catch (e) {
			this.problem = (e as Error).message;
			void this.refresh();
		}
	}

	/** The presenter shares where the meeting is; everyone else shares nothing. */
	#announce(): void {
		const awareness = this.session.live.awareness;
		const m = this.#meeting;
		const value: PresenceState['presenting'] =
			m && m.presenterId === this.session.user.id ? { meetingId: m.id, item: clampItem(m), provision: m.agenda[clampItem(m)] } : null;
		const current = awareness.getLocalState()?.[PRESENTING] ?? null;
		if (JSON.stringify(current) !== JSON.stringify(value)) awareness.setLocalStateField(PRESENTING, value);
	}
}

const perSession = new WeakMap<BoardSession, BoardMeeting>();

/** The meeting of the board page's session, made on first use. Call during component initialisation. */
export function getBoardMeeting(): BoardMeeting {
	const session = getBoardSession();
	let meeting = perSession.get(session);
	if (!meeting) {
		meeting = new BoardMeeting(page.params.id!, session);
		perSession.set(session, meeting);
	}
	return meeting;
}
