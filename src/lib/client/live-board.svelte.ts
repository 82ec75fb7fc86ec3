import { createSubscriber } from 'svelte/reactivity';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardDocs, bodyOfDocName, emptyDoc, PLAN_DOC, type TransactionOrigin } from '$lib/board/doc';
import { BoardReader } from '$lib/board/board-reader';
import type { BoardView } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/collab/close-codes';
import { changedThings } from './changed-things';
import { DocsUndo } from './docs-undo';
import { LiveDoc } from './live-doc';
import { muxWebSocket, type MuxWebSocketClass } from './mux-socket';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Why the server ended the connection for good (close codes 4400–4499). */
export interface ConnectionEnded {
	code: number;
	reason: string;
}

/** A document whose copy in this browser the server would not take, and what became of it. */
export interface RefusedDoc {
	docName: string;
	/** `held`: the person's own edits are kept and sent once the server takes them; `reset`: the server's copy replaced this one. */
	outcome: 'held' | 'reset';
	reason: string;
}

export interface LiveBoardOptions {
	boardId: string;
	/** Distinguishes the local copy of a board between users and board incarnations. */
	localKey: string;
	userId: number;
	/** What the server rendered: shown until the live documents have loaded. */
	initial: BoardView;
	/** The bodies with a document on the board (the main bodies of the registry). */
	bodies: readonly string[];
	/** Whether this person may ever write a document (role and body; the board's status aside). */
	mayWrite: (docName: string) => boolean;
}

/** What a board page's server load gives for opening its live board. */
export interface BoardPageData {
	board: { id: string; createdAt: number };
	me: { id: number; role: string; body: string | null };
	view: BoardView;
	bodies: { code: string; parent: string | null }[];
}

/** The collaboration endpoint of the server this page came from. */
export function collabUrl(): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
}

/**
 * One board's live documents in the browser: the plan and one per body,
 * each with its local copy in IndexedDB (so the board survives offline
 * reloads and flaky Wi-Fi), all over one WebSocket to the server. Exposes
 * them as a rune-reactive view.
 */
export class LiveBoard {
	readonly docs: BoardDocs;
	/** The board's presence, shared over the plan document. */
	readonly awareness: Awareness;
	/** The origin of this person's own edits: undo tracks exactly these. */
	readonly origin: TransactionOrigin;
	readonly undo: DocsUndo;

	#status = $state<ConnectionStatus>('connecting');
	#loaded = $state(false);
	#unsynced = $state(0);
	/** What this person changed while not connected (entries, leads…), not yet confirmed by a sync. */
	#pending = new Set<string>();
	#ended = $state<ConnectionEnded | null>(null);
	#refused = $state<RefusedDoc[]>([]);
	#initial: BoardView;
	#live = new Map<string, LiveDoc>();
	/** The board's multiplexed socket class (set by `connect`). */
	#socket: MuxWebSocketClass | undefined;
	#synced = new Set<string>();
	#options: LiveBoardOptions;
	#changed: (() => void) | undefined;
	#subscribe = createSubscriber((update) => {
		this.#changed = update;
		return () => (this.#changed = undefined);
	});
	/** Re-reads only the documents that changed, keeping unchanged parts of the view the same objects. */
	#reader = new BoardReader();
	#view = $derived.by(() => {
		this.#subscribe();
		return this.#loaded ? this.#reader.read(this.docs) : this.#initial;
	});

	/** The live board of a board page (the board itself, its coverage view…), one per page visit. */
	static ofPage({ board, me, view, bodies }: BoardPageData): LiveBoard {
		const codes = bodies.filter((b) => !b.parent).map((b) => b.code);
		const plans = me.role === 'chair' || me.role === 'secretariat';
		return new LiveBoard({
			boardId: board.id,
			localKey: `${board.id}:${board.createdAt}:${me.id}`,
			userId: me.id,
			initial: view,
			bodies: codes,
			mayWrite: (name) => (name === PLAN_DOC ? plans : me.role === 'secretariat' || (me.role !== 'observer' && bodyOfDocName(name) === me.body))
		});
	}

	constructor(options: LiveBoardOptions) {
		this.#options = options;
		this.#initial = options.initial;
		this.origin = { source: 'user', userId: options.userId };
		this.docs = new BoardDocs();
		for (const code of options.bodies) this.docs.body(code);
		this.awareness = new Awareness(this.docs.plan);
		this.undo = new DocsUndo(this.origin);
		for (const [name, doc] of this.docs.named()) {
			if (options.mayWrite(name)) this.undo.track(name, doc);
			this.#watch(name, doc);
		}
	}

	#watch(name: string, doc: Y.Doc): void {
		doc.on('update', (_u: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
			this.#reader.changed(name, transaction);
			this.#changed?.();
			if (origin !== this.origin || this.#status === 'connected') return;
			// Counted as a person counts changes (an entry added, one edited), not keystrokes.
			for (const thing of changedThings(name, transaction)) this.#pending.add(thing);
			this.#setUnsynced(this.#pending.size);
		});
	}

	/** Calls `listener` after any change to any of the board's documents; returns how to stop. */
	onChange(listener: (update: Uint8Array, origin: unknown) => void): () => void {
		const docs = Array.from(this.docs.named(), ([, doc]) => doc);
		for (const doc of docs) doc.on('update', listener);
		return () => docs.forEach((doc) => doc.off('update', listener));
	}

	/**
	 * Whether a transaction's origin is someone else's change (another person's,
	 * the server's), not this person's edit or undo here, nor the copy kept in
	 * this browser loading.
	 */
	isRemote(origin: unknown): boolean {
		return origin !== this.origin && !(origin instanceof Y.UndoManager) && !(origin instanceof IndexeddbPersistence);
	}

	/** Opens the local copies and the connection (browser only). */
	connect(serverUrl: string): void {
		// Edits made offline before a reload are still in the local copy: keep counting them.
		this.#pending = new Set(readPending(localStorage.getItem(this.#unsyncedKey)));
		this.#unsynced = this.#pending.size;
		const socket = (this.#socket = muxWebSocket(WebSocket));
		const url = `${serverUrl}/${encodeURIComponent(this.#options.boardId)}`;
		let stored = 0;
		for (const [name, doc] of this.docs.named()) {
			const live = new LiveDoc(doc, {
				localName: `planning-board:${this.#options.localKey}:${name}`,
				serverUrl: url,
				docName: name,
				socket,
				awareness: name === PLAN_DOC ? this.awareness : undefined,
				connect: navigator.onLine
			});
			this.#live.set(name, live);
			live.persistence.once('synced', () => {
				if (++stored === this.#live.size && this.docs.plan.getArray('provisions').length > 0) this.#loaded = true;
			});
			live.onOpen((d) => this.#follow(d));
		}
		if (!navigator.onLine) this.#status = 'offline';
		addEventListener('offline', this.#onOffline);
		addEventListener('online', this.#onOnline);
	}

	#follow(live: LiveDoc): void {
		const { provider, docName } = live;
		if (docName === PLAN_DOC) {
			provider.on('status', ({ status }) => {
				if (status === 'connected') this.#status = 'connected';
				else if (status === 'disconnected') this.#status = navigator.onLine ? 'reconnecting' : 'offline';
				else if (this.#status !== 'offline') this.#status = this.#loaded ? 'reconnecting' : 'connecting';
			});
		}
		provider.on('sync', (synced) => {
			if (!synced) return this.#synced.delete(docName);
			this.#synced.add(docName);
			if (this.#synced.size < this.#live.size) return;
			this.#loaded = true;
			this.#changed?.();
			this.#setUnsynced(0);
		});
		provider.on('closed', (event) => void this.#closed(live, event));
	}

	// A document's channel closed for good. Whole-socket codes (session, status, rate) end the
	// board; a document the server will not take from this copy is held or reset, the rest carry on.
	async #closed(live: LiveDoc, event: ConnectionEnded): Promise<void> {
		if (event.code === CLOSE_CODES.unknownDocument) return;
		if (event.code !== CLOSE_CODES.forbidden && event.code !== CLOSE_CODES.doesNotFit) {
			this.#ended ??= event;
			return;
		}
		if (this.#options.mayWrite(live.docName) && event.code === CLOSE_CODES.forbidden) {
			// Our own document on a board that is frozen now: keep the edits for when it opens again.
			this.#refusedDoc({ docName: live.docName, outcome: 'held', reason: event.reason });
			return;
		}
		const body = bodyOfDocName(live.docName);
		const fresh = emptyDoc(live.docName);
		const discarded = await live.reset(fresh);
		if (body) this.docs.replaceBody(body, fresh);
		this.#reader.changedAll();
		if (this.#options.mayWrite(live.docName)) this.undo.track(live.docName, fresh);
		this.#watch(live.docName, fresh);
		keepDiscarded(`${this.#options.localKey}:${live.docName}`, discarded);
		this.#refusedDoc({ docName: live.docName, outcome: 'reset', reason: event.reason });
		this.#changed?.();
	}

	#refusedDoc(refused: RefusedDoc): void {
		this.#refused = [...this.#refused.filter((r) => r.docName !== refused.docName), refused];
	}

	// The browser knows the network is gone before a socket times out: stop
	// waiting on a dead connection, keep editing locally, and reconnect when
	// the network returns.
	#onOffline = () => {
		for (const live of this.#live.values()) live.provider.disconnect();
		this.#status = 'offline';
	};
	#onOnline = () => {
		this.#status = 'reconnecting';
		if (!this.#ended) for (const live of this.#live.values()) live.provider.connect();
	};

	get #unsyncedKey(): string {
		return `planning-board-unsynced:${this.#options.localKey}`;
	}

	#setUnsynced(count: number): void {
		if (count === 0) this.#pending.clear();
		this.#unsynced = count;
		if (count) localStorage.setItem(this.#unsyncedKey, JSON.stringify(Array.from(this.#pending)));
		else localStorage.removeItem(this.#unsyncedKey);
	}

	get boardId(): string {
		return this.#options.boardId;
	}

	/** This board and person's key for what the browser keeps of it (local copies, the suggestion outbox). */
	get localKey(): string {
		return this.#options.localKey;
	}

	/** The board as it is now: the live documents once loaded, else the server's rendering. */
	get view(): BoardView {
		return this.#view;
	}

	get status(): ConnectionStatus {
		return this.#status;
	}

	/** Own changes made while not connected, not yet confirmed by a sync. */
	get unsynced(): number {
		return this.#unsynced;
	}

	get ended(): ConnectionEnded | null {
		return this.#ended;
	}

	/** Documents whose copy here the server refused, and what was done about it. */
	get refused(): readonly RefusedDoc[] {
		return this.#refused;
	}

	/** The document of a body, for binding an editor to an entry's text. */
	bodyDoc(code: string): Y.Doc {
		return this.docs.body(code);
	}

	/** Connects again after the server ended the connection for a passing reason. */
	reconnect(): void {
		this.#ended = null;
		for (const live of this.#live.values()) live.provider.connect();
	}


	destroy(): void {
		removeEventListener('offline', this.#onOffline);
		removeEventListener('online', this.#onOnline);
		this.undo.destroy();
		for (const live of this.#live.values()) live.destroy();
		// The board is left: its socket closes now, not after the grace kept for reconnects.
		this.#socket?.closeIdle();
		this.awareness.destroy();
		this.docs.destroy();
	}
}

/** The changed things kept over a reload (a JSON list; anything else counts as none). */
function readPending(stored: string | null): string[] {
	try {
		const list = JSON.parse(stored ?? '[]');
		return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
	} catch {
		return [];
	}
}

/** Keeps what a reset threw away in this browser, so nothing typed is lost beyond recall. */
function keepDiscarded(key: string, update: Uint8Array): void {
	try {
		let binary = '';
		for (const byte of update) binary += String.fromCharCode(byte);
		localStorage.setItem(`planning-board-discarded:${key}:${Date.now()}`, btoa(binary));
	} catch {
		// Storage full: the server's copy still stands; only the unsendable copy is lost.
	}
}
