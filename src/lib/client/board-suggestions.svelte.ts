import { createSubscriber } from 'svelte/reactivity';
import { cellKey, parseCellKey } from '$lib/board/doc';
import * as rules from '$lib/board/suggestions';
import { getBoardSession, type BoardSession } from './board-session.svelte';
import { api, ApiError } from './api';
import { onPeerFieldChange, pollWhileVisible } from './poll';
import { newSuggestionId, SuggestionOutbox, type OutboxItem, type SendOutcome } from './suggestion-outbox';

/** How often the open suggestions are fetched (and waiting ones sent) while the tab is visible. */
const POLL_MS = 10_000;
/** The awareness field a browser bumps after suggesting or deciding, so others refetch at once. */
const NUDGE_FIELD = 'suggestions';

/**
 * Whether a failed POST is worth sending again later: no answer (offline, the
 * server down), signed out (sent after signing in), or the server busy or
 * failing. Any other refusal is the server's verdict on the suggestion.
 */
function sendLater(status: number): boolean {
	return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
}

/**
 * A board's open suggestions in the browser. They are rows on the server,
 * not in the Yjs documents (docs/negotiation.md): fetched every 10 s while
 * visible, and at once when another browser bumps its awareness
 * `suggestions` field (a hint only: what is shown comes from the server).
 * This person's suggestions the server has not taken yet wait in an outbox
 * in this browser (`SuggestionOutbox`) and go when the network returns.
 */
export class BoardSuggestions {
	readonly session: BoardSession;
	#open = $state<rules.SuggestionView[]>([]);
	#unsent = $state<readonly OutboxItem[]>([]);
	#outbox: SuggestionOutbox | undefined;
	#subscribe = createSubscriber(() => {
		this.#unsent = this.#box.items;
		const stopPolling = pollWhileVisible(() => void this.#sendThenRefresh(), POLL_MS);
		const stopListening = onPeerFieldChange(this.session.live, NUDGE_FIELD, () => void this.refresh());
		const onOnline = () => void this.#sendThenRefresh();
		addEventListener('online', onOnline);
		return () => {
			stopPolling();
			stopListening();
			removeEventListener('online', onOnline);
		};
	});

	constructor(session: BoardSession) {
		this.session = session;
	}

	get #boardId(): string {
		return this.session.live.boardId;
	}

	/** Every open suggestion of the board, oldest first. */
	get open(): rules.SuggestionView[] {
		this.#subscribe();
		return this.#open;
	}

	/** The outbox of this board and person, opened on first use (in the browser only: it is in localStorage). */
	get #box(): SuggestionOutbox {
		this.#outbox ??= new SuggestionOutbox(localStorage, this.session.live.localKey, (items) => (this.#unsent = items));
		return this.#outbox;
	}

	/** This person's suggestions not taken by the server yet: waiting to be sent, or refused when they were. */
	get unsent(): readonly OutboxItem[] {
		this.#subscribe();
		return this.#unsent;
	}

	/** How many of them wait to be sent (the connection indicator counts them with unsent edits). */
	get waiting(): number {
		return this.unsent.filter((i) => i.refused === null).length;
	}

	/** This person's unsent suggestions shown in a cell (cellKey). */
	unsentInCell(cell: string): readonly OutboxItem[] {
		return this.unsent.filter((i) => i.cell === cell);
	}

	/** This person's unsent suggestions of new wording for a provision. */
	unsentOnProvision(provisionId: string): readonly OutboxItem[] {
		return this.unsent.filter((i) => i.input.kind === 'provision' && i.provisionId === provisionId);
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
			this.#open = (await api.suggestions.list(this.#boardId)).suggestions;
		} catch {
			// Offline or signed out: keep what is shown; the next poll tries again.
		}
	}

	/**
	 * Makes a suggestion: kept in the outbox first, then sent behind any
	 * still waiting. Offline (or with no answer) it waits there, shown in its
	 * cell; refused at once, it leaves the outbox and the refusal is thrown
	 * for the form to show.
	 */
	async suggest(input: rules.NewSuggestion): Promise<void> {
		const id = newSuggestionId();
		this.#box.add({ id, input: { ...input, id }, ...this.#placeOf(input), createdAt: Date.now() });
		const outcome = (await this.#send()).get(id);
		if (outcome && 'refused' in outcome) {
			this.#box.remove(id);
			throw new Error(outcome.refused);
		}
	}

	/** Drops an unsent suggestion from the outbox (its author's choice: waiting, or refused and read). */
	dismiss(id: string): void {
		this.#box.remove(id);
	}

	/** Where a suggestion shows while it waits: its target as the board is now. */
	#placeOf(input: rules.NewSuggestion): Pick<OutboxItem, 'cell' | 'provisionId' | 'targetBody'> {
		switch (input.kind) {
			case 'wording':
			case 'move': {
				const entry = this.session.live.view.entries.find((e) => e.id === input.entryId);
				return entry
					? { cell: cellKey(entry.provision, entry.category), provisionId: entry.provision, targetBody: entry.body }
					: { cell: null, provisionId: '', targetBody: null };
			}
			case 'new-entry':
				return { cell: input.cell, provisionId: parseCellKey(input.cell).provision, targetBody: input.body };
			case 'provision':
				return { cell: null, provisionId: input.provisionId, targetBody: null };
		}
	}

	/** Sends what waits in the outbox, in order; when any went, tells the others and refetches. */
	async #send(): Promise<Map<string, SendOutcome>> {
		const outcomes = await this.#box.flush(async (item) => {
			try {
				await api.suggestions.add(this.#boardId, item.input);
				return { sent: true };
			} catch (e) {
				if (e instanceof ApiError && sendLater(e.status)) return { later: true };
				return { refused: (e as Error).message };
			}
		});
		if ([...outcomes.values()].some((o) => 'sent' in o)) await this.#changed();
		return outcomes;
	}

	async #sendThenRefresh(): Promise<void> {
		if (this.#box.waiting > 0) await this.#send();
		await this.refresh();
	}

	/** Accepts, rejects or withdraws a suggestion. */
	async act(id: number, action: 'accept' | 'reject' | 'withdraw'): Promise<void> {
		await api.suggestions.act(this.#boardId, id, action);
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
