import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BoardDocs, entriesMap, mapOf, type TransactionOrigin } from '../../../src/lib/board/doc';
import { addEntry, entryText } from '../../../src/lib/board/mutations';
import { buildApaDocs } from '../../../src/lib/board/seed-board';
import { readBoard } from '../../../src/lib/board/view';
import { APA_BOARD_TITLE } from '../../../src/lib/server/bootstrap';
import { connectClient, webSocketWithHeaders, type DocClose } from '../../helpers/collab-client';
import { seeds } from '../../helpers/seeded-doc';
import { waitFor } from '../../helpers/wait';
import type { BenchServer } from './servers';

export const USER_ORIGIN: TransactionOrigin = { source: 'user' };

/** One document a client syncs, and the provider that syncs it (the origin of the remote changes it applies). */
export interface SyncedDoc {
	doc: Y.Doc;
	provider: WebsocketProvider;
}

/**
 * A benchmark client, as each server is used. Against ours: as the browser
 * connects (`connectClient`), one stock provider per document of the board
 * (the plan and the ten bodies') over one multiplexed socket. Against the
 * reference, which serves one document per room: one stock provider of the
 * board as one document (`apaSingleDoc`).
 */
export interface BenchClient {
	/** Every document the client syncs. */
	synced: SyncedDoc[];
	/** Permanent closes the server sent (4400–4499), newest last. */
	terminal: DocClose[];
	/** Whether every document has the server's state. */
	isSynced(): boolean;
	/** Adds an entry of `body` in a cell (given id, one transaction) and returns its live text. */
	addEntry(entry: { id: string; body: string; provision: string; category: string; text?: string }): Y.Text;
	/** Whether the client has the entry `id`. */
	hasEntry(id: string): boolean;
	destroy(): void;
}

/** One load-generating client: a real y-websocket client that edits only its own entry. */
export interface Writer extends BenchClient {
	index: number;
	body: string;
	entryId: string;
	/** The document the writer types into (its body's, on our server). */
	doc: Y.Doc;
	text: Y.Text;
}

/** The ten sectoral bodies; writer i is a delegate of body i mod 10. */
export function bodyCodes(): string[] {
	return seeds().bodies.bodies.map((b) => b.code);
}

/** The same documents our server seeds a fresh database with. */
export function apaDocs(): BoardDocs {
	const s = seeds();
	return buildApaDocs(s.provisions, s.matrix, APA_BOARD_TITLE);
}

/**
 * The APA board as the one document the reference server holds: the states
 * of all its documents applied to one Y.Doc (same content and size; every
 * body's entries land in the one `entries` map). The reference relays and
 * never reads it.
 */
export function apaSingleDoc(): Y.Doc {
	const single = new Y.Doc();
	const docs = apaDocs();
	for (const [, doc] of docs.named()) Y.applyUpdate(single, Y.encodeStateAsUpdate(doc));
	docs.destroy();
	return single;
}

function oursClient(server: BenchServer, boardId: string, token: string | undefined): BenchClient {
	const client = connectClient(server.wsUrl, boardId, { token });
	const synced = Array.from(client.providers, ([name, provider]) => ({ doc: client.docs.byName(name)!, provider }));
	return {
		synced,
		terminal: client.terminal,
		isSynced: () => synced.every((s) => s.provider.synced),
		addEntry({ id, body, provision, category, text = '' }) {
			addEntry(client.docs, { id, body, provision, category, text }, USER_ORIGIN);
			return entryText(client.docs, id);
		},
		hasEntry: (id) => client.docs.bodyOfEntry(id) !== null,
		destroy: () => client.destroy()
	};
}

function referenceClient(server: BenchServer, boardId: string, doc: Y.Doc = new Y.Doc()): BenchClient {
	const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
		WebSocketPolyfill: webSocketWithHeaders({}) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	const terminal: DocClose[] = [];
	provider.on('closed', ({ code, reason }) => terminal.push({ doc: boardId, code, reason }));
	return {
		synced: [{ doc, provider }],
		terminal,
		isSynced: () => provider.synced,
		addEntry({ id, body, provision, category, text = '' }) {
			const ytext = new Y.Text(text);
			doc.transact(() => {
				entriesMap(doc).set(id, mapOf({ provision, category, body, text: ytext, status: 'proposed', uncertain: false, order: 10_000 }));
			}, USER_ORIGIN);
			return ytext;
		},
		hasEntry: (id) => entriesMap(doc).has(id),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** A client of `boardId` on `server`, signed in with `token` on ours (the reference has no sign-in). */
export function connectBenchClient(server: BenchServer, boardId = server.boardId, token?: string): BenchClient {
	return server.name === 'ours' ? oursClient(server, boardId, token) : referenceClient(server, boardId);
}

/** Resolves once every client is synced. */
export async function allSynced(clients: BenchClient[], what: string, timeout = 60_000): Promise<void> {
	await waitFor(() => clients.every((c) => c.isSynced()), { timeout, what });
}

/**
 * The reference server starts empty: a client sends it the seeded board as
 * one document, then a second client checks that the server holds it.
 */
export async function seedReference(server: BenchServer): Promise<void> {
	const board = apaSingleDoc();
	const expected = entriesMap(board).size;
	const seeder = referenceClient(server, server.boardId, board);
	const check = referenceClient(server, server.boardId);
	try {
		await allSynced([seeder], `the reference server to take ${server.boardId}`);
		await waitFor(() => entriesMap(check.synced[0].doc).size === expected, { what: 'the reference server to hold the seeded board' });
	} finally {
		check.destroy();
		seeder.destroy();
	}
}

/**
 * Connects `count` writers (10 at a time), each signed in with its token (our
 * server) or anonymous (the reference), waits for them to sync, lets each add
 * its own entry in a cell of its body, and waits until every writer sees all
 * the entries.
 */
export async function connectWriters(server: BenchServer, count: number, tokens?: string[]): Promise<Writer[]> {
	const bodies = bodyCodes();
	const clients: BenchClient[] = [];
	for (let start = 0; start < count; start += 10) {
		const batch = Array.from({ length: Math.min(10, count - start) }, (_, k) => connectBenchClient(server, server.boardId, tokens?.[start + k]));
		await allSynced(batch, `${server.name}: writers ${start}–${start + batch.length - 1} to sync`);
		clients.push(...batch);
	}
	// The structure every client now has from the server: the plan's rows and columns.
	const board = readBoard(apaDocs());
	const writers = clients.map((c, index): Writer => {
		const body = bodies[index % bodies.length];
		const entryId = `bench-${index}`;
		const text = c.addEntry({
			id: entryId,
			body,
			provision: board.provisions[index % board.provisions.length].id,
			category: board.categories[index % board.categories.length].id
		});
		return { ...c, index, body, entryId, doc: text.doc!, text };
	});
	await waitFor(() => writers.every((w) => writers.every((o) => w.hasEntry(o.entryId))), {
		timeout: 60_000,
		what: `every writer to see all ${count} bench entries on ${server.name}`
	});
	for (const w of writers) {
		if (w.terminal.length > 0) throw new Error(`${server.name} closed writer ${w.index}: ${JSON.stringify(w.terminal)}`);
	}
	return writers;
}

export function destroyAll(clients: BenchClient[]): void {
	for (const c of clients) c.destroy();
}
