import type { DocStore } from './doc-store';

/** What a board's batch needs of a room (`Room` implements it). */
export interface BatchedRoom {
	/** Takes the messages received so far; null when there are none (or the room is gone). Else whether any may write. */
	openBatch(): { writes: boolean } | null;
	/** Handles the messages taken; never throws for a client's message (a room that cannot go on marks itself failed). */
	handleBatch(): void;
	/** After the commit (`error` undefined) relays and sends what the batch produced; after a failed one drops the room. */
	closeBatch(error?: unknown): void;
}

/**
 * Group commit across the documents of one board: the messages all its rooms
 * receive in one event-loop turn are handled in ONE SQLite transaction, so a
 * burst of edits to ten bodies' documents costs one durable commit, not ten,
 * and nothing is relayed before it is on disk. Rooms without a message that
 * may write need no transaction at all; such messages (an open's sync
 * handshakes, presence) reach the batch only when queued behind one that may
 * (`Room.receive` handles them at once otherwise).
 */
export class BoardBatch {
	readonly #store: DocStore;
	readonly #pending = new Set<BatchedRoom>();
	#scheduled = false;

	constructor(store: DocStore) {
		this.#store = store;
	}

	/** Asks for `room`'s received messages to be handled with the others of this event-loop turn. */
	schedule(room: BatchedRoom): void {
		this.#pending.add(room);
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(this.#run);
	}

	#run = (): void => {
		this.#scheduled = false;
		const opened: BatchedRoom[] = [];
		let writes = false;
		for (const room of this.#pending) {
			const batch = room.openBatch();
			if (!batch) continue;
			opened.push(room);
			writes ||= batch.writes;
		}
		this.#pending.clear();
		const handleAll = () => opened.forEach((room) => room.handleBatch());
		let error: unknown;
		try {
			if (writes) this.#store.transaction(handleAll);
			else handleAll();
		} catch (e) {
			error = e ?? new Error('the commit failed');
		}
		for (const room of opened) room.closeBatch(error);
	};
}
