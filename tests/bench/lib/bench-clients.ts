import * as Y from 'yjs';
import { buildApaDoc } from '../../../src/lib/board/seed-board';
import { entriesMap, mapOf, type TransactionOrigin } from '../../../src/lib/board/doc';
import { readBoard } from '../../../src/lib/board/view';
import { apaBoardTitle } from '../../../src/lib/server/bootstrap';
import { connectClient, type TestClient } from '../../helpers/collab-client';
import { seeds } from '../../helpers/seeded-doc';
import { waitFor } from '../../helpers/wait';
import type { BenchServer } from './servers';

export const USER_ORIGIN: TransactionOrigin = { source: 'user' };

/** One load-generating client: a real y-websocket client that edits only its own entry. */
export interface Writer extends TestClient {
	index: number;
	body: string;
	entryId: string;
	text: Y.Text;
}

/** The ten sectoral bodies; writer i is a delegate of body i mod 10. */
export function bodyCodes(): string[] {
	return seeds().bodies.bodies.map((b) => b.code);
}

/** The same document our server seeds a fresh database with. */
export function apaDoc(): Y.Doc {
	const s = seeds();
	return buildApaDoc(s.provisions, s.matrix, apaBoardTitle(s));
}

/**
 * The reference server starts empty: a client sends it the seeded board,
 * then a second client checks that the server holds it.
 */
export async function seedReference(server: BenchServer): Promise<void> {
	const seeder = connectClient(server.wsUrl, server.boardId, { doc: apaDoc() });
	await seeder.synced();
	const expected = readBoard(seeder.doc).entries.length;
	const check = connectClient(server.wsUrl, server.boardId);
	try {
		await check.synced();
		await waitFor(() => readBoard(check.doc).entries.length === expected, { what: 'the reference server to hold the seeded board' });
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
	const writers: Writer[] = [];
	for (let start = 0; start < count; start += 10) {
		const batch = Array.from({ length: Math.min(10, count - start) }, (_, k) => {
			const index = start + k;
			return connectClient(server.wsUrl, server.boardId, { token: tokens?.[index] });
		});
		await Promise.all(batch.map((c) => c.synced()));
		batch.forEach((c, k) => {
			const index = start + k;
			writers.push({ ...c, index, body: bodies[index % bodies.length], entryId: `bench-${index}`, text: new Y.Text() });
		});
	}
	const board = readBoard(writers[0].doc);
	for (const w of writers) {
		const provision = board.provisions[w.index % board.provisions.length].id;
		const category = board.categories[w.index % board.categories.length].id;
		w.doc.transact(() => {
			entriesMap(w.doc).set(
				w.entryId,
				mapOf({ provision, category, body: w.body, text: w.text, status: 'proposed', uncertain: false, order: 10_000 + w.index })
			);
		}, USER_ORIGIN);
	}
	await waitFor(() => writers.every((w) => writers.every((o) => entriesMap(w.doc).has(o.entryId))), {
		timeout: 60_000,
		what: `every writer to see all ${count} bench entries on ${server.name}`
	});
	for (const w of writers) {
		if (w.terminal.length > 0) throw new Error(`${server.name} closed writer ${w.index}: ${JSON.stringify(w.terminal)}`);
	}
	return writers;
}

export function destroyAll(clients: TestClient[]): void {
	for (const c of clients) c.destroy();
}
