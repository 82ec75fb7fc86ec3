import { createSubscriber } from 'svelte/reactivity';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TransactionOrigin } from '$lib/board/doc';
import { readBoard, type BoardView } from '$lib/board/view';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Why the server ended the connection for good (close codes 4400–4499). */
export interface ConnectionEnded {
	code: number;
	reason: string;
}

export interface LiveBoardOptions {
	boardId: string;
	/** Distinguishes the local copy of a board between users and board incarnations. */
	localKey: string;
	userId: number;
	/** What the server rendered: shown until the live document has loaded. */
	initial: BoardView;
}

/** What a board page's server load gives for opening its live board. */
export interface BoardPageData {
	board: { id: string; createdAt: number };
	me: { id: number };
	view: BoardView;
}

/** The collaboration endpoint of the server this page came from. */
export function collabUrl(): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
}

/**
 * One board's live document in the browser: the Yjs doc, its local copy in
 * IndexedDB (so the board survives offline reloads and flaky Wi-Fi) and the
 * WebSocket to the server. Exposes the document as a rune-reactive view.
 */
export class LiveBoard {
	readonly doc = new Y.Doc();
	/** The origin of this person's own edits: undo tracks exactly these. */
	readonly origin: TransactionOrigin;
	readonly undo: Y.UndoManager;
	provider: WebsocketProvider | undefined;

	#status = $state<ConnectionStatus>('connecting');
	#loaded = $state(false);
	#unsynced = $state(0);
	#ended = $state<ConnectionEnded | null>(null);
	#initial: BoardView;
	#persistence: IndexeddbPersistence | undefined;
	#subscribe = createSubscriber((update) => {
		this.doc.on('update', update);
		return () => this.doc.off('update', update);
	});

	#options: LiveBoardOptions;
	#view = $derived.by(() => {
		this.#subscribe();
		return this.#loaded ? readBoard(this.doc) : this.#initial;
	});

	/** The live board of a board page (the board itself, its coverage view…), one per page visit. */
	static ofPage({ board, me, view }: BoardPageData): LiveBoard {
		return new LiveBoard({ boardId: board.id, localKey: `${board.id}:${board.createdAt}:${me.id}`, userId: me.id, initial: view });
	}

	constructor(options: LiveBoardOptions) {
		this.#options = options;
		this.#initial = options.initial;
		this.origin = { source: 'user', userId: options.userId };
		this.undo = new Y.UndoManager(
			[
				this.doc.getMap('entries'),
				this.doc.getMap('leads'),
				this.doc.getArray('provisions'),
				this.doc.getArray('categories'),
				this.doc.getMap('meta')
			],
			{ trackedOrigins: new Set([this.origin]), captureTimeout: 800 }
		);
		this.doc.on('update', (_u: Uint8Array, origin: unknown) => {
			if (origin === this.origin && this.#status !== 'connected') this.#setUnsynced(this.#unsynced + 1);
		});
	}

	/** Opens the local copy and the connection (browser only). */
	connect(serverUrl: string): void {
		// Edits made offline before a reload are still in the local copy: keep counting them.
		this.#unsynced = Number(localStorage.getItem(this.#unsyncedKey)) || 0;
		this.#persistence = new IndexeddbPersistence(`planning-board:${this.#options.localKey}`, this.doc);
		this.#persistence.once('synced', () => {
			if (this.doc.getArray('provisions').length > 0) this.#loaded = true;
		});
		const provider = new WebsocketProvider(serverUrl, this.#options.boardId, this.doc, {
			// Tabs must not exchange updates behind the server's back: it authorises every change.
			disableBc: true,
			maxBackoffTime: 5000,
			connect: navigator.onLine
		});
		if (!navigator.onLine) this.#status = 'offline';
		this.provider = provider;
		provider.on('status', ({ status }) => {
			if (status === 'connected') this.#status = 'connected';
			else if (status === 'disconnected') this.#status = navigator.onLine ? 'reconnecting' : 'offline';
			else if (this.#status !== 'offline') this.#status = this.#loaded ? 'reconnecting' : 'connecting';
		});
		provider.on('sync', (synced) => {
			if (!synced) return;
			this.#loaded = true;
			this.#setUnsynced(0);
		});
		provider.on('closed', (event) => {
			this.#ended = event;
		});
		addEventListener('offline', this.#onOffline);
		addEventListener('online', this.#onOnline);
	}

	// The browser knows the network is gone before a socket times out: stop
	// waiting on a dead connection, keep editing locally, and reconnect when
	// the network returns.
	#onOffline = () => {
		this.provider?.disconnect();
		this.#status = 'offline';
	};
	#onOnline = () => {
		this.#status = 'reconnecting';
		if (!this.#ended) this.provider?.connect();
	};

	get #unsyncedKey(): string {
		return `planning-board-unsynced:${this.#options.localKey}`;
	}

	#setUnsynced(count: number): void {
		this.#unsynced = count;
		if (count) localStorage.setItem(this.#unsyncedKey, String(count));
		else localStorage.removeItem(this.#unsyncedKey);
	}

	/** The board as it is now: the live document once loaded, else the server's rendering. */
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

	/** Connects again after the server ended the connection for a passing reason. */
	reconnect(): void {
		this.#ended = null;
		this.provider?.connect();
	}

	/** Forgets the local copy: after the server refused a change, it must not be sent again. */
	async discardLocalCopy(): Promise<void> {
		await this.#persistence?.clearData();
		this.#setUnsynced(0);
	}

	destroy(): void {
		removeEventListener('offline', this.#onOffline);
		removeEventListener('online', this.#onOnline);
		this.undo.destroy();
		this.provider?.destroy();
		void this.#persistence?.destroy();
		this.doc.destroy();
	}
}
