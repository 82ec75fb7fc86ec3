import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entriesMap, mapOf } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { seeds } from '../helpers/seeded-doc';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

const BODIES = ['SOMTC', 'DGICM', 'ACWC', 'AICHR'];
const TYPE_EVERY_MS = 5;

const bed = serverTestBed();

/** A delegate's client that adds its own entry and types into it on a timer, remembering exactly what it typed. */
function typist(client: TestClient, body: string, index: number) {
	const board = readBoard(client.docs);
	const text = new Y.Text();
	const id = `restart-${index}`;
	// The entry's body is the document it lives in.
	const doc = client.body(body);
	doc.transact(() => {
		entriesMap(doc).set(
			id,
			mapOf({ provision: board.provisions[index].id, category: board.categories[0].id, text, status: 'proposed', uncertain: false, order: 900 + index })
		);
	});
	let typed = '';
	const timer = setInterval(() => {
		const char = String.fromCharCode(97 + (typed.length % 26));
		doc.transact(() => text.insert(text.length, char));
		typed += char;
	}, TYPE_EVERY_MS);
	return { id, body, stop: () => clearInterval(timer), typed: () => typed };
}

/** Every document of the client is connected and synced. */
const allSynced = (c: TestClient) => Array.from(c.providers.values()).every((p) => p.wsconnected && p.synced);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('restart under load', () => {
	it('clients typing through two server restarts reconnect by themselves and converge, with nothing lost or duplicated', async () => {
		let server = await bed.start();
		const port = server.port;
		const tokens = BODIES.map((body) => signIn(server!.running.ctx, { role: 'delegate', body }).token);
		const writers = await Promise.all(tokens.map((token) => syncedClient(server!.wsUrl, APA_BOARD, { token })));
		const observer = await syncedClient(server.wsUrl, APA_BOARD, { token: signIn(server.running.ctx, PEOPLE.observer).token });
		bed.clients.push(...writers, observer);
		const typists = writers.map((w, i) => typist(w, BODIES[i], i));

		for (let restart = 0; restart < 2; restart++) {
			await pause(300);
			await server.close();
			// Down for a moment: the writers keep typing into their local documents.
			await pause(150);
			server = await bed.start({ port });
			await waitFor(() => bed.clients.every(allSynced), { what: `everyone to reconnect after restart ${restart + 1}` });
		}
		await pause(300);
		for (const t of typists) t.stop();

		const expected = () => readBoard(writers[0].docs);
		await waitFor(
			() =>
				typists.every((t) => bed.clients.every((c) => entriesMap(c.body(t.body)).get(t.id)?.get('text')?.toString() === t.typed())) &&
				bed.clients.every((c) => JSON.stringify(readBoard(c.docs)) === JSON.stringify(expected())),
			{ timeout: 10_000, what: 'every client to converge on everything typed' }
		);
		for (const c of bed.clients) {
			expect(c.closes.some((close) => close.code === 1001)).toBe(true);
			expect(c.terminal).toEqual([]);
		}
		for (const t of typists) expect(t.typed().length).toBeGreaterThan(50);

		// One entry per writer, each text exactly what was typed (no keystroke applied twice),
		// and the server's stored board is the same.
		const board = expected();
		expect(board.entries).toHaveLength(seeds().matrix.entries.length + BODIES.length);
		const typed = board.entries.filter((e) => e.id.startsWith('restart-'));
		expect(Object.fromEntries(typed.map((e) => [e.id, [e.body, e.text]]))).toEqual(
			Object.fromEntries(typists.map((t) => [t.id, [t.body, t.typed()]]))
		);
		const { store } = server.running.ctx;
		await waitFor(() => JSON.stringify(readBoard(store.loadBoard(APA_BOARD))) === JSON.stringify(board), { what: 'the server to store it all' });
	});
});
