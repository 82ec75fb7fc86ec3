import { encodeFrame } from '../../collab/mux-frame';
import { CLOSE_CODES } from './close-codes';
import type { Connection } from './connection';
import type { ConnectionUser } from './options';
import { encodeAwareness, parseMessage, type ClientMessage } from './protocol';
import type { Room } from './room';

/**
 * One document's y-websocket session on a connection: what a room sees of a
 * client. Messages arrive and leave in frames of the connection's one socket
 * that name the document. Closing a channel stops that document only; the
 * socket and its other documents carry on.
 */
export class Channel {
	readonly connection: Connection;
	readonly room: Room;
	/** Awareness client ids this channel set, removed when it closes (presence document only). */
	readonly awarenessClients = new Set<number>();
	/** Left the room: nothing more is sent. */
	#closed = false;
	/** Closed by the server: nothing more it receives is handled. */
	#closedHere = false;
	#lastSent = Date.now();

	#onLeave: () => void;

	/** `onLeave` runs once the channel has left its room (the room may unload when it was the last). */
	constructor(connection: Connection, room: Room, onLeave: () => void = () => {}) {
		this.connection = connection;
		this.room = room;
		this.#onLeave = onLeave;
	}

	get user(): ConnectionUser {
		return this.connection.user;
	}

	get docName(): string {
		return this.room.docName;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/**
	 * Joins the room and greets the client with sync step 1 (so it answers with
	 * what we lack) and who is here. The greeting is handled as a message of
	 * the room, just before the client's first one, so the answers of an open
	 * (the greeting and sync step 2 of every document) leave in one message.
	 *
	 * `first` is the client's first message, its sync step 1. When its state
	 * vector is empty the client's copy has no structs, hence no deletions
	 * either, so there is nothing to ask it for: the greeting leaves out sync
	 * step 1 and the client has no sync step 2 to answer with (a browser
	 * opening a board it has not stored yet: eleven messages fewer each way).
	 * What a provider gets into its copy after sending it (IndexedDB loading
	 * late) goes up as an update of its own, asked or not. A client that lies
	 * here only keeps what it holds to itself: writing is decided per message.
	 */
	open(first: Uint8Array): void {
		this.room.add(this);
		const ask = !holdsNothing(first);
		this.room.receive(false, () => {
			if (this.#closedHere || this.connection.closedHere) return;
			if (ask) this.sendFrame(this.room.syncStep1Frame());
			const awareness = this.room.awareness;
			if (awareness && awareness.getStates().size > 0) this.send(encodeAwareness(awareness));
		});
	}

	/** Sends one y-websocket message of this document (held while the room commits a batch). */
	send(message: Uint8Array): void {
		this.sendFrame(encodeFrame(this.docName, message));
	}

	/** Sends a message already framed for this document (`encodeFrame(docName, message)`), e.g. one framed once for many channels. */
	sendFrame(frame: Uint8Array): void {
		if (this.#closed || this.room.hold(this, frame)) return;
		this.#lastSent = Date.now();
		this.connection.sendFrame(frame);
	}

	/** Milliseconds since this channel last sent anything. */
	quietFor(now: number): number {
		return now - this.#lastSent;
	}

	/** Queues one received message; the room handles the messages of one event-loop turn in one transaction. */
	receive(payload: Uint8Array): void {
		// Only a sync step 2 or update can write (message type 0, step 1 or 2); the rest needs no SQLite transaction,
		// nor does the empty update (the sync step 2 of every client with nothing new: eleven per board opened).
		const mayWrite = payload[0] === 0 && (payload[1] === 1 || payload[1] === 2) && !isEmptyUpdate(payload);
		this.room.receive(mayWrite, () => {
			// Messages that arrived before the client left are still handled: they may be its last edits.
			if (this.#closedHere || this.connection.closedHere) return;
			let message: ClientMessage;
			try {
				message = parseMessage(payload);
			} catch (e) {
				return this.connection.refuse(CLOSE_CODES.malformed, `malformed message on ${this.docName}: ${(e as Error).message}`);
			}
			this.room.handle(this, message);
		});
	}

	/** Closes this document's channel with a code the client acts on (the socket stays open). */
	close(code: number, reason: string): void {
		if (this.#closedHere) return;
		this.#closedHere = true;
		if (this.#closed) return;
		this.#closed = true;
		this.connection.closeChannel(this, code, reason);
		this.#leave();
	}

	/** The client closed the channel or the socket went away: leave the room without telling the client. */
	detach(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#leave();
	}

	#leave(): void {
		this.room.remove(this);
		this.#onLeave();
	}
}

/** Whether a sync step 1 carries the empty state vector (`varUint8Array([0])`): its sender holds nothing of the document. */
function holdsNothing(syncStep1: Uint8Array): boolean {
	return syncStep1.length === 4 && syncStep1[2] === 1 && syncStep1[3] === 0;
}

/** Whether a sync step 2 or update message carries the empty update (`varUint8Array([0, 0])`). */
function isEmptyUpdate(payload: Uint8Array): boolean {
	return payload.length === 5 && payload[2] === 2 && payload[3] === 0 && payload[4] === 0;
}
