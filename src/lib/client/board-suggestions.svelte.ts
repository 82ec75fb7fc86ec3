import { createSubscriber } from 'svelte/reactivity';
import * as rules from '$lib/board/suggestions';
import { getBoardSession, type BoardSession } from './board-session.svelte';
import { callApi } from './json-api';
import { onPeerFieldChange, pollWhileVisible } from './poll';

/** How often the open suggestions are fetched while the tab is visible. */
const POLL_MS = 10_000;
/** The awareness field a browser bumps after suggesting or deciding, so others refetch at once. */
const NUDGE_FIELD = 'suggestions';

/**
 * A board's open suggestions in the browser. They are rows on the server,
 * not in the Yjs documents (docs/negotiation.md): fetched every 10 s while
 * visible, and at once when another browser bumps its awareness
 * `suggestions` field (a hint only: what is shown comes from the server).
 */
export class BoardSuggestions {
	readonly session: BoardSession;
	#open = $state<rules.SuggestionView[]>([]);
	#subscribe = createSubscriber(() => {
		const stopPolling = pollWhileVisible(() => void this.refresh(), POLL_MS);
		const stopListening = onPeerFieldChange(this.session.live, NUDGE_FIELD, () => void this.refresh());
		return () => {
			stopPolling();
			stopListening();
		};
	});

	constructor(session: BoardSession) {
		this.session = session;
	}

	get #base(): string {
		return `/api/boards/${encodeURIComponent(this.session.live.boardId)}/suggestions`;
	}

	/** Every open suggestion of the board, oldest first. */
	get open(): rules.SuggestionView[] {
		this.#subscribe();
		return this.#open;
	}

	/** The open suggestions shown in a cell (cellKey). */
	inCell(cell: string): rules.SuggestionView[] {
		return this.open.filter((s) => s.cell === cell);
	}

	/** The open suggestions of new wording for a provision. */
	onProvision(provisionId: string): rules.SuggestionView[] {
		return this.open.filter((s) => s.kind === 'provision' && s.provisionId === provisionId);
	}

	/** Why this person may not suggest (null: they may). */
	get whyNotSuggest(): string | null {
		return rules.whyNotSuggest(this.session.user, this.session.status);
	}

	/** Why this person may not accept or reject `s` (null: they may). */
	whyNotDecide(s: rules.SuggestionView): string | null {
		return rules.whyNotDecideSuggestion(this.session.user, s, this.session.status);
	}

	canWithdraw(s: rules.SuggestionView): boolean {
		return rules.whyNotWithdraw(this.session.user, s) === null;
	}

	async refresh(): Promise<void> {
		try {
			this.#open = (await callApi<{ suggestions: rules.SuggestionView[] }>(this.#base)).suggestions;
		} catch {
			// Offline or signed out: keep what is shown; the next poll tries again.
		}
	}

	async suggest(input: rules.NewSuggestion): Promise<rules.SuggestionView> {
		const { suggestion } = await callApi<{ suggestion: rules.SuggestionView }>(this.#base, { method: 'POST', body: input });
		await this.#changed();
		return suggestion;
	}

	/** Accepts, rejects or withdraws a suggestion. */
	async act(id: number, action: 'accept' | 'reject' | 'withdraw'): Promise<void> {
		await callApi(`${this.#base}/${id}`, { method: 'POST', body: { action } });
		await this.#changed();
	}

	async #changed(): Promise<void> {
		this.session.live.awareness.setLocalStateField(NUDGE_FIELD, Date.now());
		await this.refresh();
	}
}

const perSession = new WeakMap<BoardSession, BoardSuggestions>();

/** The suggestions of the board page's session, made on first use. Call during component initialisation. */
export function getBoardSuggestions(): BoardSuggestions {
	const session = getBoardSession();
	let suggestions = perSession.get(session);
	if (!suggestions) {
		suggestions = new BoardSuggestions(session);
		perSession.set(session, suggestions);
	}
	return suggestions;
}
