import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { TransactionOrigin } from '../../board/doc';
import type { DocStore } from '../doc-store';
import type { Connection } from './connection';
import type { CollabHooks, CollabLogger, ConnectionUser } from './options';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol';

/** The origin of a client's transaction: a user origin that also names the connection to skip when relaying. */
export type ConnectionOrigin = Extract<TransactionOrigin, { source: 'user' }> & { connection: Connection };

/** The origin of a change the server makes on someone's behalf (e.g. a restore): `user` is its author. */
export type ServerChangeOrigin = Extract<TransactionOrigin, { source: 'restore' | 'server' }> & { user?: ConnectionUser };

/** A stored update waiting to be relayed, and the connection it came from (none: the server). */
interface Relayed {
	update: Uint8Array;
	from: Connection | undefined;
}

export interface RoomOptions {
	boardId: string;
	store: DocStore;
	hooks: CollabHooks;
	log: CollabLogger;
	compactEvery: number;
	/** Called (outside the Yjs transaction) when an update could not be stored. */
	onFailure(room: Room): void;
}

/**
 * One loaded board: its live document, awareness and connections. Every
 * change to the document, whoever makes it, goes through `#persist`: append
 * to the log first, then broadcast, so nothing is relayed that is not on disk.
 */
export class Room {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	#store: DocStore;
	#hooks: CollabHooks;
	#log: CollabLogger;
	#compactEvery: number;
	#onFailure: (room: Room) => void;
	#seq: number;
	#sinceCheckpoint: number;
	#failed = false;
	#destroyed = false;
	#detach: (() => void) | undefined;
	/** Frames received in this event-loop turn, handled together by `#flush`. */
	#inbox: (() => void)[] = [];
	/** While `#flush` runs: what the room would send, held until the batch is committed. */
	#outbox: [Connection, Uint8Array][] | undefined;
	/** While `#flush` runs: the batch's stored updates and who sent them, relayed merged after the commit. */
	#relay: Relayed[] | undefined;
	/** The answer to a client that has nothing yet (the whole board), until the document changes. */
	#wholeBoard: Uint8Array | undefined;

	constructor(opts: RoomOptions) {
		this.boardId = opts.boardId;
		this.#store = opts.store;
		this.#hooks = opts.hooks;
		this.#log = opts.log;
		this.#compactEvery = opts.compactEvery;
		this.#onFailure = opts.onFailure;
		const loaded = opts.store.load(opts.boardId);
		this.doc = loaded.doc;
		this.#seq = loaded.seq;
		this.#sinceCheckpoint = loaded.tail;
		this.doc.on('update', this.#persist);
		this.#detach = opts.hooks.docLoaded?.(opts.boardId, this.doc) ?? undefined;
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: without this it would show up as an empty cursor.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#relayAwareness);
	}

	/** Sequence number of the last stored update. */
	get seq(): number {
		return this.#seq;
	}

	/** True once an update could not be stored: the live doc is ahead of the disk and must be dropped. */
	get failed(): boolean {
		return this.#failed;
	}

	/** Joins a connection: sends sync step 1 (so the client answers with what we lack) and who is here. */
	add(connection: Connection): void {
		this.connections.add(connection);
		connection.send(encodeSyncStep1(this.doc));
		if (this.awareness.getStates().size > 0) connection.send(encodeAwareness(this.awareness));
	}

	/** Removes a connection and the awareness states it controlled (its cursors vanish for the others). */
	remove(connection: Connection): void {
		if (!this.connections.delete(connection) || this.#destroyed) return;
		const clients = Array.from(connection.awarenessClients);
		if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, null);
	}

	/**
	 * Queues the handling of one received frame. The frames of one event-loop
	 * turn are handled in one SQLite transaction, so a burst of updates costs
	 * one fsync instead of one each (group commit); what they would send is
	 * held until the commit, so nothing is relayed before it is on disk.
	 */
	receive(handle: () => void): void {
		this.#inbox.push(handle);
		if (this.#inbox.length === 1) setImmediate(this.#flush);
	}

	/** Holds a message for `connection` while a batch is being handled; false when none is. */
	hold(connection: Connection, message: Uint8Array): boolean {
		if (!this.#outbox) return false;
		this.#outbox.push([connection, message]);
		return true;
	}

	/**
	 * Sync step 2 for a client's state vector: what it lacks. New clients (an
	 * empty state vector) get the whole board, encoded once per version of the
	 * board rather than once per client — a meeting's worth of people opening
	 * it at once costs one encoding.
	 */
	syncStep2(stateVector: Uint8Array): Uint8Array {
		if (stateVector.length === 1 && stateVector[0] === 0) return (this.#wholeBoard ??= encodeSyncStep2(this.doc, stateVector));
		return encodeSyncStep2(this.doc, stateVector);
	}

	/** Applies a client's update (already decoded and authorised); storage and relay follow in `#persist`. */
	applyUpdate(update: Uint8Array, connection: Connection): void {
		const userId = connection.user.userId ?? undefined;
		const origin: ConnectionOrigin = { source: 'user', userId, connection };
		Y.applyUpdate(this.doc, update, origin);
	}

	/**
	 * Runs `fn` in one transaction on the live document with a server origin:
	 * the change is stored, recorded and broadcast to every connection like a
	 * client's update. Throws what `fn` throws (changes made before are kept)
	 * and when the change could not be stored.
	 */
	change<T>(fn: (doc: Y.Doc) => T, origin: ServerChangeOrigin): T {
		if (this.#failed || this.#destroyed) throw new Error(`The board ${this.boardId} is not available.`);
		let result: T | undefined;
		this.doc.transact(() => {
			result = fn(this.doc);
		}, origin);
		if (this.#failed) throw new Error(`The change to ${this.boardId} could not be stored.`);
		return result as T;
	}

	/** Sends a message to every connection but `except`. */
	broadcast(message: Uint8Array, except?: Connection): void {
		// A copy: a send may drop a slow reader, which removes it from the set.
		for (const c of Array.from(this.connections)) if (c !== except) c.send(message);
	}

	/** Folds the log into a checkpoint when anything was appended since the last one. */
	checkpoint(): void {
		if (this.#failed || this.#sinceCheckpoint === 0) return;
		this.#store.checkpoint(this.boardId, this.doc, this.#seq);
		this.#sinceCheckpoint = 0;
	}

	/** Frees the document and awareness (whose timer would otherwise keep running). */
	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#detach?.();
		this.doc.off('update', this.#persist);
		this.awareness.off('update', this.#relayAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}

	// Runs after Yjs finished the transaction: `update` is exactly what changed.
	// Never throws: an exception here would escape from Y.applyUpdate mid-cleanup.
	#persist = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
		this.#wholeBoard = undefined;
		if (this.#failed || this.#destroyed) return;
		const connection = (origin as Partial<ConnectionOrigin> | null)?.connection;
		const user = connection?.user ?? (origin as Partial<ServerChangeOrigin> | null)?.user ?? null;
		// Server-side transactions may name a user too (e.g. a restore).
		const userId = user ? user.userId : ((origin as { userId?: number } | null)?.userId ?? null);
		const seq = this.#seq + 1;
		try {
			this.#store.append(this.boardId, seq, update, userId);
		} catch (e) {
			this.#failed = true;
			this.#log.error(`[collab] ${this.boardId}: could not store update ${seq}; dropping the room`, e);
			queueMicrotask(() => this.#onFailure(this));
			return;
		}
		this.#seq = seq;
		this.#sinceCheckpoint++;
		try {
			this.#hooks.afterApply?.({ boardId: this.boardId, seq, user, update, doc: this.doc, transaction });
		} catch (e) {
			this.#log.error(`[collab] ${this.boardId}: afterApply failed for update ${seq}`, e);
		}
		if (this.#relay) this.#relay.push({ update, from: connection });
		else this.broadcast(encodeUpdate(update), connection);
		if (this.#sinceCheckpoint >= this.#compactEvery) this.#compact();
	};

	#flush = (): void => {
		const inbox = this.#inbox;
		this.#inbox = [];
		if (this.#failed || this.#destroyed) return;
		const outbox: [Connection, Uint8Array][] = (this.#outbox = []);
		const relay: Relayed[] = (this.#relay = []);
		try {
			this.#store.transaction(() => {
				for (const handle of inbox) {
					if (this.#failed) break;
					handle();
				}
			});
		} catch (e) {
			// The commit failed: nothing of this batch is on disk, so none of it may be relayed.
			if (!this.#failed) {
				this.#failed = true;
				this.#log.error(`[collab] ${this.boardId}: could not store updates up to ${this.#seq}; dropping the room`, e);
				queueMicrotask(() => this.#onFailure(this));
			}
		} finally {
			this.#outbox = this.#relay = undefined;
		}
		if (this.#failed) return;
		// Content first, then what may refer to it (awareness) and the sync answers.
		try {
			this.#relayMerged(relay);
		} catch (e) {
			// Never lose a stored update over an optimisation: relay them one by one (repeats are harmless).
			this.#log.error(`[collab] ${this.boardId}: could not merge a batch of updates; relaying them one by one`, e);
			for (const { update, from } of relay) this.broadcast(encodeUpdate(update), from);
		}
		for (const [connection, message] of outbox) connection.send(message);
	};

	/**
	 * Relays a batch's updates as one message per connection: everything to
	 * those that sent none of it, the others' updates to each sender (never
	 * an echo). Under load this divides what every client decodes and applies.
	 */
	#relayMerged(relay: Relayed[]): void {
		if (relay.length === 0) return;
		const merged = (updates: Uint8Array[]) => encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));
		const everything = merged(relay.map((r) => r.update));
		const forSender = new Map<Connection, Uint8Array | null>();
		for (const { from } of relay) {
			if (!from || forSender.has(from)) continue;
			const others = relay.filter((r) => r.from !== from).map((r) => r.update);
			forSender.set(from, others.length > 0 ? merged(others) : null);
		}
		// A copy: a send may drop a slow reader, which removes it from the set.
		for (const c of Array.from(this.connections)) {
			const message = forSender.has(c) ? forSender.get(c) : everything;
			if (message) c.send(message);
		}
	}

	#compact(): void {
		try {
			this.checkpoint();
		} catch (e) {
			// The log is intact (checkpoint is one transaction): try again at the next threshold.
			this.#sinceCheckpoint = 0;
			this.#log.error(`[collab] ${this.boardId}: checkpoint failed`, e);
		}
	}

	#relayAwareness = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		// Awareness messages are applied with the connection itself as origin.
		const connection = this.connections.has(origin as Connection) ? (origin as Connection) : undefined;
		if (connection) {
			for (const id of added) connection.awarenessClients.add(id);
			for (const id of removed) connection.awarenessClients.delete(id);
		}
		// To everyone, the sender included: the y-websocket client drops a connection that
		// received nothing for 30 s, and a lone client's only traffic is its own renewals.
		this.broadcast(encodeAwareness(this.awareness, added.concat(updated, removed)));
	};
}
