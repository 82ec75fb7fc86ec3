import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../contract';
import { emptyDoc } from '../board/doc';
import { muxWebSocket } from './mux-socket';
import { noPresence } from './no-presence';

/** Options of {@link LiveReports}. */
export interface LiveReportsOptions {
	/** The board's collaboration URL base (`collabUrl()`). */
	serverUrl: string;
	boardId: string;
	/** The report documents to follow (`report:<period>:<BODY>`). */
	docNames: readonly string[];
	/**
	 * Called when the server closed a document because who may write it
	 * changed (a report submitted, returned, approved; a period locked): the
	 * page reloads its data; the document reconnects by itself.
	 */
	onStatusChanged?: (docName: string) => void;
}

/**
 * Progress reports live in the browser: one stock y-websocket provider per
 * report document, over the board's one multiplexed socket. No local copy:
 * a report is filled in online, and the server decides whether it may be
 * written (a refused write closes that document with 4403 and leaves the page's
 * copy as it is until reload). Reading `version` in a reactive context
 * subscribes to every change of the followed documents.
 */
export class LiveReports {
	readonly #options: LiveReportsOptions;
	readonly #docs = new Map<string, Y.Doc>();
	readonly #providers = new Map<string, WebsocketProvider>();
	readonly #socket = muxWebSocket(WebSocket);
	#version = 0;
	#connected = $state(false);
	#refused = $state<string | null>(null);
	#destroyed = false;
	#notify: (() => void) | undefined;
	#subscribe = createSubscriber((update) => {
		this.#notify = update;
		return () => (this.#notify = undefined);
	});

	constructor(options: LiveReportsOptions) {
		this.#options = options;
		for (const name of options.docNames) {
			const doc = emptyDoc(name);
			doc.on('update', () => {
				this.#version++;
				this.#notify?.();
			});
			this.#docs.set(name, doc);
			this.#open(name);
		}
	}

	#open(name: string): void {
		const doc = this.#docs.get(name)!;
		const provider = new WebsocketProvider(`${this.#options.serverUrl}/${encodeURIComponent(this.#options.boardId)}`, encodeURIComponent(name), doc, {
			WebSocketPolyfill: this.#socket,
			disableBc: true,
			maxBackoffTime: 5000,
			awareness: noPresence(doc)
		});
		provider.on('status', ({ status }) => (this.#connected = status === 'connected'));
		provider.on('connection-close', (event) => {
			if (!event || this.#destroyed) return;
			if (event.code === CLOSE_CODES.statusChanged) {
				provider.destroy();
				this.#options.onStatusChanged?.(name);
				setTimeout(() => !this.#destroyed && this.#open(name), 50);
			} else if (event.code === CLOSE_CODES.forbidden || event.code === CLOSE_CODES.doesNotFit) {
				this.#refused = event.reason;
			}
		});
		this.#providers.set(name, provider);
	}

	/** Changes with every update of a followed document (read it to re-run on changes). */
	get version(): number {
		this.#subscribe();
		return this.#version;
	}

	/** Whether the socket is up. */
	get connected(): boolean {
		return this.#connected;
	}

	/** Why the server refused this page's last change, if it did. */
	get refused(): string | null {
		return this.#refused;
	}

	/** A followed document (read `version` to react to its changes). */
	doc(name: string): Y.Doc | undefined {
		return this.#docs.get(name);
	}

	destroy(): void {
		this.#destroyed = true;
		for (const p of this.#providers.values()) p.destroy();
		this.#socket.closeIdle();
		for (const d of this.#docs.values()) d.destroy();
	}
}
