import type { NewSuggestion } from '$lib/board/suggestions';

/**
 * Suggestions this browser made that the server has not taken yet (made
 * offline, or their POST failed on the network), kept in `localStorage` per
 * board and person so a reload or a closed tab loses none, and sent in the
 * order they were made when the connection returns. Each carries the id the
 * server knows it by (`NewSuggestion.id`), so sending one twice — its answer
 * lost — is still one suggestion. One the server refuses when it finally
 * arrives stays here with the server's reason, its text kept, until its
 * author dismisses it: nothing typed is dropped silently.
 */

/** One suggestion waiting to be sent, or refused when it was. */
export interface OutboxItem {
	/** The suggestion's id (a uuid), sent as `input.id`. */
	id: string;
	input: NewSuggestion & { id: string };
	/** Where the board shows it meanwhile, as the board was when it was made. */
	cell: string | null;
	provisionId: string;
	/** The body whose document accepting it would write (null: the plan). */
	targetBody: string | null;
	createdAt: number;
	/** The server's reason for refusing it; null while it waits. */
	refused: string | null;
}

/** What sending one suggestion came to. */
export type SendOutcome = { sent: true } | { later: true } | { refused: string };

/** The part of `Storage` the outbox uses. */
export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class SuggestionOutbox {
	#storage: OutboxStorage;
	#key: string;
	#items: OutboxItem[];
	#onChange: (items: readonly OutboxItem[]) => void;
	#flushing: Promise<void> | null = null;

	/** `key`: this board and person's outbox (the live board's local key). */
	constructor(storage: OutboxStorage, key: string, onChange: (items: readonly OutboxItem[]) => void = () => {}) {
		this.#storage = storage;
		this.#key = `planning-board-suggestion-outbox:${key}`;
		this.#onChange = onChange;
		this.#items = readItems(storage.getItem(this.#key));
	}

	/** Oldest first: those waiting and those refused. */
	get items(): readonly OutboxItem[] {
		return this.#items;
	}

	/** How many wait to be sent (the refused ones are not sent again). */
	get waiting(): number {
		return this.#items.filter((i) => i.refused === null).length;
	}

	/** Keeps a suggestion to send (stored before anything is sent, so a crash mid-request loses nothing). */
	add(item: Omit<OutboxItem, 'refused'>): OutboxItem {
		const kept = { ...item, refused: null };
		this.#items = [...this.#items, kept];
		this.#save();
		return kept;
	}

	/** Drops one: sent, refused at once (its form shows why), or dismissed by its author. */
	remove(id: string): void {
		const left = this.#items.filter((i) => i.id !== id);
		if (left.length === this.#items.length) return;
		this.#items = left;
		this.#save();
	}

	/**
	 * Sends the waiting suggestions one at a time, oldest first: a sent one
	 * leaves the outbox, a refused one stays with the server's reason, and
	 * the first that cannot be sent yet stops the round (the later ones wait
	 * behind it, in order). Resolves with what became of each one tried. A
	 * call while a round runs waits for it instead of sending twice at once.
	 */
	async flush(send: (item: OutboxItem) => Promise<SendOutcome>): Promise<Map<string, SendOutcome>> {
		while (this.#flushing) await this.#flushing;
		const outcomes = new Map<string, SendOutcome>();
		const round = (async () => {
			for (const item of this.#items.filter((i) => i.refused === null)) {
				const outcome = await send(item);
				outcomes.set(item.id, outcome);
				if ('later' in outcome) return;
				if ('sent' in outcome) this.remove(item.id);
				else this.#refuse(item.id, outcome.refused);
			}
		})();
		this.#flushing = round;
		try {
			await round;
		} finally {
			this.#flushing = null;
		}
		return outcomes;
	}

	#refuse(id: string, reason: string): void {
		this.#items = this.#items.map((i) => (i.id === id ? { ...i, refused: reason } : i));
		this.#save();
	}

	#save(): void {
		try {
			if (this.#items.length) this.#storage.setItem(this.#key, JSON.stringify(this.#items));
			else this.#storage.removeItem(this.#key);
		} catch {
			// Storage full or blocked: the outbox still holds them for this page's life.
		}
		this.#onChange(this.#items);
	}
}

/** The items kept over a reload (a JSON list; anything unreadable counts as none). */
function readItems(stored: string | null): OutboxItem[] {
	try {
		const list: unknown = JSON.parse(stored ?? '[]');
		return Array.isArray(list) ? list.filter(isItem) : [];
	} catch {
		return [];
	}
}

function isItem(x: unknown): x is OutboxItem {
	const i = x as Partial<OutboxItem> | null;
	return !!i && typeof i.id === 'string' && typeof i.input === 'object' && i.input !== null && i.input.id === i.id && typeof i.createdAt === 'number';
}

/** A random (version 4) UUID: `crypto.randomUUID` where the page is a secure context, else built from random bytes. */
export function newSuggestionId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
