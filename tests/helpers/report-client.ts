import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { muxWebSocket } from '../../src/lib/client/mux-socket';
import { authHeaders, webSocketWithHeaders, type DocClose } from './collab-client';
import { waitFor } from './wait';

/** A stock y-websocket client of one document of a board (a progress report), over the multiplexed socket. */
export interface DocClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: DocClose[];
	synced(): Promise<void>;
	destroy(): void;
}

/** Opens `docName` of a board signed in with `token`, as the report page does. */
export function connectDoc(wsUrl: string, boardId: string, docName: string, token: string): DocClient {
	const socket = muxWebSocket(webSocketWithHeaders(authHeaders(token)) as unknown as typeof globalThis.WebSocket);
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${wsUrl}/${encodeURIComponent(boardId)}`, encodeURIComponent(docName), doc, {
		WebSocketPolyfill: socket,
		disableBc: true,
		maxBackoffTime: 200
	});
	provider.awareness.setLocalState(null);
	const closes: DocClose[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ doc: docName, code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		closes,
		synced: () => waitFor(() => provider.synced, { what: `${docName} to sync` }).then(() => {}),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}
