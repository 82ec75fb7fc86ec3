import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isTransactionOrigin, type TransactionOrigin } from '../../board/doc';
import { encodeFrame } from '../../collab/mux-frame';
import type { DocStore } from './doc-store';
import type { Channel } from './channel';
import type { BatchedRoom, BoardBatch } from './board-batch';
import { CLOSE_CODES } from './close-codes';
import { IntegrityError, snapshotContains, type DocKind } from './integrity';
import type { CollabLogger, ConnectionUser } from './options';
import type { Pipeline } from './pipeline';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, type ClientMessage } from './protocol';

/** The origin of a client's transaction: a user origin that also names the channel to skip when relaying. */
export type ChannelOrigin = Extract<TransactionOrigin, { source: 'user' }> & { channel: Channel };

/** The origin of a change the server makes on someone's behalf (e.g. a restore): `user` is its author. */
export type ServerChangeOrigin = Extract<TransactionOrigin, { source: 'restore' | 'server' }> & { user?: ConnectionUser };

/** The board-wide sequence of stored updates, shared by the rooms of one board's documents. */
export interface BoardSeq {
	value: number;
}

/** A stored update waiting to be relayed, and the channel it came from (none: the server). */
interface Relayed {
	update: Uint8Array;
	from: Channel | undefined;
}

/** A transaction's update, held until `Y.applyUpdate` returned without throwing. */
interface Held {
	update: Uint8Array;
	origin: unknown;
	transaction: Y.Transaction;
}

export interface RoomOptions {
	boardId: string;
	docName: string;
	kind: DocKind;
	/** Whether the board's awareness rides on this document (the plan). */
	presence: boolean;
	seq: BoardSeq;
	/** The board's group commit, shared by the rooms of its documents. */
	batch: BoardBatch;
	store: DocStore;
	/** The server's extensions, run in order on the write path. */
	pipeline: Pipeline;
	log: CollabLogger;
	compactEvery: number;
	/** Called (outside the Yjs transaction) when an update could not be stored or applied. */
	onFailure(room: Room, sender?: Channel): void;
}

/**
 * One loaded document of a board: its live Yjs doc, its channels and (for
 * the plan) the board's awareness. Every update a client sends takes the
 * write path: the pipeline's checks (decode exactly → authority →
 * integrity: `./pipeline.ts`) → apply → append to the log → `stored` →
 * `afterApply` (history) → relay; nothing is relayed that is not on disk,
 * and nothing half-applied stays live.
 */
export class Room implements BatchedRoom {
	readonly boardId: string;
	readonly docName: string;
	readonly kind: DocKind;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness | null;
	readonly channels = new Set<Channel>();
	#store: DocStore;
	#pipeline: Pipeline;
	#log: CollabLogger;
	#compactEvery: number;
	#onFailure: RoomOptions['onFailure'];
	#boardSeq: BoardSeq;
	/** The last board sequence number folded into this document. */
	#seq: number;
	#sinceCheckpoint: number;
	#failed = false;
	#destroyed = false;
	#detach: (() => void) | undefined;
	/** Frames received in this event-loop turn, handled with the board's other rooms' by its batch. */
	#inbox: (() => void)[] = [];
	/** While the board's batch runs: the messages it took from the inbox. */
	#batch: (() => void)[] | undefined;
	#boardBatch: BoardBatch;
	/** Whether a message in the inbox may write (else the batch needs no SQLite transaction). */
	#inboxWrites = false;
	/** While the batch runs: what the room would send, held until the batch is committed. */
	#outbox: [Channel, frame: Uint8Array][] | undefined;
	/** While the batch runs: the batch's stored updates and who sent them, relayed merged after the commit. */
	#relay: Relayed[] | undefined;
	/** While a client's update is applied: its transactions, stored only once the apply returned. */
	#held: Held[] | undefined;
	/** The answer to a client that has nothing yet (the whole document), framed, until the document changes. */
	#whole: Uint8Array | undefined;
	/** The sync step 1 every joining channel is sent (the document's state vector), framed, until the document changes. */
	#stepOne: Uint8Array | undefined;
	/** The document's state and delete set, for telling whether an update adds anything (until it changes). */
	#snapshot: Y.Snapshot | undefined;

	constructor(opts: RoomOptions) {
		this.boardId = opts.boardId;
		this.docName = opts.docName;
		this.kind = opts.kind;
		this.#store = opts.store;
		this.#pipeline = opts.pipeline;
		this.#log = opts.log;
		this.#compactEvery = opts.compactEvery;
		this.#onFailure = opts.onFailure;
		this.#boardSeq = opts.seq;
		this.#boardBatch = opts.batch;
		const loaded = opts.store.load(opts.boardId, opts.docName);
		this.doc = loaded.doc;
		this.#seq = loaded.seq;
		this.#sinceCheckpoint = loaded.tail;
		this.doc.on('update', this.#onUpdate);
		this.#detach = opts.pipeline.docLoaded(opts.boardId, opts.docName, this.doc);
		if (opts.presence) {
			this.awareness = new awarenessProtocol.Awareness(this.doc);
			// The server is not a participant: without this it would show up as an empty cursor.
			this.awareness.setLocalState(null);
			this.awareness.on('update', this.#relayAwareness);
		} else {
			this.awareness = null;
		}
	}

	/** The last board sequence number stored for this document. */
	get seq(): number {
		return this.#seq;
	}

	/** True once an update could not be stored or applied: the room must be dropped. */
	get failed(): boolean {
		return this.#failed;
	}

	/** `${boardId}/${docName}`, for logs. */
	get label(): string {
		return `${this.boardId}/${this.docName}`;
	}

	add(channel: Channel): void {
		this.channels.add(channel);
	}

	/** Removes a channel and the awareness states it controlled (its cursors vanish for the others). */
	remove(channel: Channel): void {
		if (!this.channels.delete(channel) || this.#destroyed || !this.awareness) return;
		const clients = Array.from(channel.awarenessClients);
		if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, null);
	}

	/**
	 * Queues the handling of one received message. The messages all rooms of
	 * the board receive in one event-loop turn are handled in one SQLite
	 * transaction (`./board-batch.ts`), so a burst of updates costs one fsync
	 * (group commit); what they would send is held until the commit, so
	 * nothing is relayed before it is on disk. Messages that cannot write skip
	 * the queue when it is empty.
	 */
	receive(mayWrite: boolean, handle: () => void): void {
		// A message that cannot write (a sync step 1, presence, an empty sync step 2: what opening a
		// board is made of) with nothing queued ahead of it is handled now: it stores nothing, and
		// the document it reads is all on disk. Its answer leaves with the connection's next flush,
		// while the server goes on with the next client, not after a batch of everyone's.
		if (!mayWrite && this.#inbox.length === 0 && this.#batch === undefined) {
			if (!this.#failed && !this.#destroyed) handle();
			return;
		}
		this.#inbox.push(handle);
		if (mayWrite) this.#inboxWrites = true;
		if (this.#inbox.length === 1) this.#boardBatch.schedule(this);
	}

	/** Holds a frame for `channel` while a batch is being handled; false when none is. */
	hold(channel: Channel, frame: Uint8Array): boolean {
		if (!this.#outbox) return false;
		this.#outbox.push([channel, frame]);
		return true;
	}

	/** Handles one parsed message of a channel (inside the batch). */
	handle(channel: Channel, message: ClientMessage): void {
		switch (message.type) {
			case 'sync-step1':
				return channel.sendFrame(this.syncStep2Frame(message.stateVector));
			case 'update':
				return this.#write(channel, message.update);
			case 'awareness':
				return this.#applyAwareness(channel, message.update);
			case 'query-awareness':
				if (this.awareness) channel.send(encodeAwareness(this.awareness));
				return;
			case 'auth':
				return;
		}
	}

	/** Sync step 1 (the document's state vector) as a frame of this document, encoded once per version of the document. */
	syncStep1Frame(): Uint8Array {
		return (this.#stepOne ??= encodeFrame(this.docName, encodeSyncStep1(this.doc)));
	}

	/**
	 * Sync step 2 for a client's state vector, as a frame of this document:
	 * what it lacks. New clients (an empty state vector) get the whole
	 * document, encoded and framed once per version of it — a meeting's worth
	 * of people opening the board costs one encoding.
	 */
	syncStep2Frame(stateVector: Uint8Array): Uint8Array {
		if (stateVector.length === 1 && stateVector[0] === 0) return (this.#whole ??= encodeFrame(this.docName, encodeSyncStep2(this.doc, stateVector)));
		return encodeFrame(this.docName, encodeSyncStep2(this.doc, stateVector));
	}

	/**
	 * Runs `fn` in one transaction on the live document with a server origin:
	 * the change is stored, recorded and broadcast to every channel like a
	 * client's update. Throws what `fn` throws (changes made before are kept)
	 * and when the change could not be stored.
	 */
	change<T>(fn: (doc: Y.Doc) => T, origin: ServerChangeOrigin): T {
		if (this.#failed || this.#destroyed) throw new Error(`The document ${this.label} is not available.`);
		let result: T | undefined;
		let thrown: { error: unknown } | undefined;
		// One database transaction, as for a client's batch: the append and the client ids it claims commit together.
		// What `fn` throws is rethrown after the commit, so the changes it made before are stored like the rest.
		try {
			this.#store.transaction(() =>
				this.doc.transact(() => {
					try {
						result = fn(this.doc);
					} catch (error) {
						thrown = { error };
					}
				}, origin)
			);
		} catch (e) {
			this.#pipeline.storeFailed(this.boardId, this.docName);
			this.#log.error(`[collab] ${this.label}: could not store a server change; dropping the room`, e);
			this.#fail();
		}
		if (this.#failed) throw new Error(`The change to ${this.label} could not be stored.`);
		if (thrown) throw thrown.error;
		return result as T;
	}

	/** Sends a message to every channel but `except`. */
	broadcast(message: Uint8Array, except?: Channel): void {
		// A copy: a send may drop a slow reader, which removes it from the set.
		const frame = encodeFrame(this.docName, message);
		for (const c of Array.from(this.channels)) if (c !== except) c.sendFrame(frame);
	}

	/** Folds the log into a checkpoint when anything was appended since the last one. */
	checkpoint(): void {
		if (this.#failed || this.#sinceCheckpoint === 0) return;
		this.#store.checkpoint(this.boardId, this.docName, this.doc, this.#seq);
		this.#sinceCheckpoint = 0;
	}

	/** Frees the document and awareness (whose timer would otherwise keep running). */
	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#detach?.();
		this.doc.off('update', this.#onUpdate);
		if (this.awareness) {
			this.awareness.off('update', this.#relayAwareness);
			this.awareness.destroy();
		}
		this.doc.destroy();
	}

	// The write path of a client's update, in the order docs/permissions.md gives.
	#write(channel: Channel, update: Uint8Array): void {
		// The empty update (no structs, no deletions): what every client's sync step 2 is when it has
		// nothing new, eleven times per board opened. Nothing to check, store or relay.
		if (update.length === 2 && update[0] === 0 && update[1] === 0) return;
		const incoming = { boardId: this.boardId, docName: this.docName, kind: this.kind, doc: this.doc, user: channel.user, update };
		// A reconnecting client re-sends what it has; that is no write when the server has it all.
		const admission = this.#pipeline.admit(incoming, (decoded) => snapshotContains((this.#snapshot ??= Y.snapshot(this.doc)), decoded));
		if ('unchanged' in admission) return;
		if ('drop' in admission) return this.#log.warn(`[collab] ${this.label}: dropped an update ${admission.drop}`);
		if ('refuse' in admission) return this.#refuse(channel, admission.refuse, admission.reason);
		const userId = channel.user.userId;
		const origin: ChannelOrigin = { source: 'user', userId: userId ?? undefined, channel };
		const held: Held[] = (this.#held = []);
		try {
			Y.applyUpdate(this.doc, update, origin);
		} catch (e) {
			// Yjs may have integrated part of it (observers ran, the update event fired): drop
			// the room unsaved, reload it from disk, and cut off only the sender.
			this.#held = undefined;
			this.#log.error(`[collab] ${this.label}: an update could not be applied; reloading the document from disk`, e);
			return this.#fail(channel);
		}
		this.#held = undefined;
		for (const h of held) this.#persist(h.update, h.origin, h.transaction);
	}

	#refuse(channel: Channel, code: number, reason: string): void {
		this.#log.warn(`[collab] ${this.label}: closing a channel (${code}): ${reason}`);
		channel.close(code, reason);
	}

	#fail(sender?: Channel): void {
		if (this.#failed) return;
		this.#failed = true;
		queueMicrotask(() => this.#onFailure(this, sender));
	}

	#onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
		this.#whole = undefined;
		this.#stepOne = undefined;
		this.#snapshot = undefined;
		if (this.#held) this.#held.push({ update, origin, transaction });
		else this.#persist(update, origin, transaction);
	};

	// Runs after Yjs finished the transaction: `update` is exactly what changed.
	// Never throws: an exception here would escape from Y.applyUpdate mid-cleanup.
	#persist(update: Uint8Array, origin: unknown, transaction: Y.Transaction): void {
		if (this.#failed || this.#destroyed) return;
		const { channel, user, userId } = authorOf(origin);
		const seq = this.#boardSeq.value + 1;
		try {
			this.#store.append(this.boardId, this.docName, seq, update, userId);
			this.#pipeline.stored({ boardId: this.boardId, docName: this.docName, transaction, clientUserId: channel ? userId : null });
		} catch (e) {
			this.#log.error(`[collab] ${this.label}: could not store update ${seq}; dropping the room`, e);
			return this.#fail();
		}
		this.#boardSeq.value = this.#seq = seq;
		this.#sinceCheckpoint++;
		this.#pipeline.afterApply({ boardId: this.boardId, docName: this.docName, seq, user, update, doc: this.doc, transaction }, this.#log);
		if (this.#relay) this.#relay.push({ update, from: channel });
		else this.broadcast(encodeUpdate(update), channel);
		if (this.#sinceCheckpoint >= this.#compactEvery) this.#compact();
	}

	/** @internal For the board's batch: takes the inbox, and holds what the room would send until `closeBatch`. */
	openBatch(): { writes: boolean } | null {
		const inbox = this.#inbox;
		const writes = this.#inboxWrites;
		this.#inbox = [];
		this.#inboxWrites = false;
		if (inbox.length === 0 || this.#failed || this.#destroyed) return null;
		this.#batch = inbox;
		this.#outbox = [];
		this.#relay = [];
		return { writes };
	}

	/** @internal Handles the messages `openBatch` took, inside the board's transaction when one may write. */
	handleBatch(): void {
		for (const handle of this.#batch ?? []) {
			if (this.#failed) break;
			handle();
		}
	}

	/** @internal After the board's commit: relays and sends what the batch produced; after a failed commit, drops the room. */
	closeBatch(error?: unknown): void {
		const outbox = this.#outbox ?? [];
		const relay = this.#relay ?? [];
		this.#batch = this.#outbox = this.#relay = undefined;
		if (error !== undefined && !this.#failed) {
			// The commit failed: nothing of this batch is on disk, so none of it may be relayed,
			// and the client ids it claimed are not claimed.
			this.#pipeline.storeFailed(this.boardId, this.docName);
			this.#log.error(`[collab] ${this.label}: could not store updates up to ${this.#seq}; dropping the room`, error);
			this.#fail();
		}
		// A failed room sends nothing of its batch: what it applied is not all on disk, or was half-applied.
		if (this.#failed) return;
		// Content first, then what may refer to it (awareness) and the sync answers.
		try {
			this.#relayMerged(relay);
		} catch (e) {
			// Never lose a stored update over an optimisation: relay them one by one (repeats are harmless).
			this.#log.error(`[collab] ${this.label}: could not merge a batch of updates; relaying them one by one`, e);
			for (const { update, from } of relay) this.broadcast(encodeUpdate(update), from);
		}
		for (const [channel, frame] of outbox) channel.sendFrame(frame);
	}

	/**
	 * Relays a batch's updates as one message per channel: everything to
	 * those that sent none of it, the others' updates to each sender (never
	 * an echo). Under load this divides what every client decodes and applies.
	 */
	#relayMerged(relay: Relayed[]): void {
		if (relay.length === 0) return;
		const merged = (updates: Uint8Array[]) => encodeFrame(this.docName, encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)));
		const everything = merged(relay.map((r) => r.update));
		const forSender = new Map<Channel, Uint8Array | null>();
		for (const { from } of relay) {
			if (!from || forSender.has(from)) continue;
			const others = relay.filter((r) => r.from !== from).map((r) => r.update);
			forSender.set(from, others.length > 0 ? merged(others) : null);
		}
		// A copy: a send may drop a slow reader, which removes it from the set.
		for (const c of Array.from(this.channels)) {
			const frame = forSender.has(c) ? forSender.get(c) : everything;
			if (frame) c.sendFrame(frame);
		}
	}

	#compact(): void {
		try {
			this.checkpoint();
		} catch (e) {
			// The log is intact (checkpoint is one transaction): try again at the next threshold.
			this.#sinceCheckpoint = 0;
			this.#log.error(`[collab] ${this.label}: checkpoint failed`, e);
		}
	}

	#applyAwareness(channel: Channel, update: Uint8Array): void {
		// Only the plan carries the board's presence; the other documents' providers keep theirs empty.
		if (!this.awareness) return;
		let own: Uint8Array;
		try {
			own = channel.connection.presence.filter(update);
		} catch (e) {
			if (!(e instanceof IntegrityError)) throw e;
			return channel.connection.refuse(CLOSE_CODES.forbidden, `presence refused: ${e.message}`);
		}
		awarenessProtocol.applyAwarenessUpdate(this.awareness, own, channel);
	}

	#relayAwareness = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		// Awareness messages are applied with the channel itself as origin.
		const channel = this.channels.has(origin as Channel) ? (origin as Channel) : undefined;
		if (channel) {
			for (const id of added) channel.awarenessClients.add(id);
			for (const id of removed) channel.awarenessClients.delete(id);
		}
		// To everyone, the sender included: the y-websocket client drops a connection that
		// received nothing for 30 s, and a lone client's only traffic is its own renewals.
		this.broadcast(encodeAwareness(this.awareness!, added.concat(updated, removed)));
	};
}

/**
 * Who made a change to the live document, from its transaction's origin: a
 * client's channel and user, or the user a server change names (a restore
 * on someone's behalf); the user id is what the log records.
 */
function authorOf(origin: unknown): { channel: Channel | undefined; user: ConnectionUser | null; userId: number | null } {
	if (!isTransactionOrigin(origin)) return { channel: undefined, user: null, userId: null };
	// The live document is written only through `#write` and `change`, with these origins.
	const own = origin as ChannelOrigin | ServerChangeOrigin;
	const channel = 'channel' in own ? own.channel : undefined;
	const author = channel?.user ?? ('user' in own ? own.user : undefined) ?? null;
	return { channel, user: author, userId: author ? author.userId : (own.userId ?? null) };
}
