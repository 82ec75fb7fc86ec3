// PLACEHOLDER — replaced by the collaboration server implementation.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';
import type { Boards } from '../boards';
import type { DocStore } from '../doc-store';

export interface RoomsOptions {
	store: DocStore;
	boards: Boards;
}

export class Rooms {
	#store: DocStore;
	constructor(opts: RoomsOptions) {
		this.#store = opts.store;
	}
	/** The board's current document: the live one when loaded, else freshly read from the store. */
	readDoc(boardId: string): Y.Doc {
		return this.#store.load(boardId).doc;
	}
	handleUpgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer): void {
		socket.destroy();
	}
	get size(): number {
		return 0;
	}
	async close(): Promise<void> {}
}
