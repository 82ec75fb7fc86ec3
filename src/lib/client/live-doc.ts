import type { Awareness } from 'y-protocols/awareness';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { noPresence } from './no-presence';

/** How a document is connected: its Yjs doc, its local copy in IndexedDB and its provider. */
export interface LiveDocOptions {
	/** IndexedDB name of the local copy. */
	localName: string;
	/** The board's collaboration URL (`…/yjs/<board>`): every document of the board shares its one socket. */
	serverUrl: string;
	docName: string;
	/** The socket class the provider uses (the multiplexer over one real socket). */
	socket: typeof WebSocket;
	/** The board's presence (plan only); the other documents carry none. */
	awareness?: Awareness;
	connect: boolean;
}

/**
 * One document of a live board in the browser: the stock y-websocket
 * provider (over the board's shared socket) and y-indexeddb for offline use.
 * `reset` swaps in a fresh document when the server's copy must win.
 */
export class LiveDoc {
	readonly docName: string;
	doc: Y.Doc;
	provider!: WebsocketProvider;
	persistence!: IndexeddbPersistence;
	#options: LiveDocOptions;
	#listeners: ((doc: LiveDoc) => void)[] = [];

	constructor(doc: Y.Doc, options: LiveDocOptions) {
		this.docName = options.docName;
		this.doc = doc;
		this.#options = options;
		this.#open(options.connect);
	}

	#open(connect: boolean): void {
		this.persistence = new IndexeddbPersistence(this.#options.localName, this.doc);
		this.provider = new WebsocketProvider(this.#options.serverUrl, encodeURIComponent(this.docName), this.doc, {
			// Tabs must not exchange updates behind the server's back: it decides who writes each document.
			disableBc: true,
			maxBackoffTime: 5000,
			connect,
			WebSocketPolyfill: this.#options.socket,
			// Presence rides on the plan; the other documents carry none.
			awareness: this.#options.awareness ?? noPresence(this.doc)
		});
		for (const listener of this.#listeners) listener(this);
	}

	/** Runs `listener` now and each time the document is replaced by `reset` (to re-attach provider events). */
	onOpen(listener: (doc: LiveDoc) => void): void {
		this.#listeners.push(listener);
		listener(this);
	}

	/**
	 * Replaces the document by a fresh one synced from the server, after the
	 * server refused what this copy holds (a document this person may not
	 * write). What the old copy had is returned (a full update) for keeping.
	 */
	async reset(next: Y.Doc): Promise<Uint8Array> {
		const discarded = Y.encodeStateAsUpdate(this.doc);
		this.provider.destroy();
		await this.persistence.clearData();
		this.doc.destroy();
		this.doc = next;
		this.#open(true);
		return discarded;
	}

	destroy(): void {
		this.provider.destroy();
		void this.persistence.destroy();
	}
}
