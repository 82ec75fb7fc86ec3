import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardDocs } from '$lib/board/doc';
import { contains, entryText } from '../helpers/board-edits';
import { APA_BOARD, signInThroughFile } from '../helpers/collab-server';
import { killDuringBurst } from '../helpers/crash-burst';
import { serverTestBed } from '../helpers/server-bed';

const WRITERS = 3;
const KEYSTROKES = 79; // + 1 entry each: 240 updates in all
const KILL_AFTER = 200; // updates the observer has received
/** The writers add SOMTC entries (helpers/board-edits.ts): the burst is that body's document. */
const BURST_DOC = 'body:SOMTC';

const bed = serverTestBed();

describe('durability', () => {
	it('every update a client has received survives kill -9 of the server', async () => {
		const proc = await bed.spawn();
		// Signed in through the database file the child server uses: SOMTC delegates
		// (each adds and types into a SOMTC entry) and an observer.
		const [observerUser, ...writerUsers] = signInThroughFile(bed.dataDir!, [
			{ role: 'observer' },
			...Array.from({ length: WRITERS }, () => ({ role: 'delegate' as const, body: 'SOMTC' }))
		]);
		const writers = await Promise.all(writerUsers.map((u) => bed.client(u.token, APA_BOARD, proc.wsUrl)));
		const observer = await bed.client(observerUser.token, APA_BOARD, proc.wsUrl);

		// Kill the moment the observer has seen KILL_AFTER updates: the rest of the
		// burst is still in flight, and what it has seen is exactly what must survive.
		const child = proc.child;
		const { seen } = await killDuringBurst({ writers, observer, child, exited: proc.exited, keystrokes: KEYSTROKES, killAfter: KILL_AFTER });
		expect(child.signalCode).toBe('SIGKILL');
		expect(seen).toBeDefined();
		for (const c of bed.clients.splice(0)) c.destroy();

		const server = await bed.start();
		// Nothing was checkpointed on the way down: the burst is in the update log of the entries' document.
		const { store } = server.running.ctx;
		expect(store.tailLength(APA_BOARD, BURST_DOC)).toBeGreaterThanOrEqual(KILL_AFTER);
		expect(contains(store.load(APA_BOARD, BURST_DOC).doc, seen!)).toBe(true);

		// The sessions live in the database, so they outlive the killed process.
		const fresh = await bed.client(observerUser.token);
		expect(contains(fresh.body('SOMTC'), seen!)).toBe(true);
		const seenDocs = new BoardDocs();
		Y.applyUpdate(seenDocs.body('SOMTC'), seen!);
		for (let i = 0; i < WRITERS; i++) {
			expect(entryText(fresh.docs, `burst-${i}`)?.startsWith(entryText(seenDocs, `burst-${i}`) ?? '∅')).toBe(true);
		}
		seenDocs.destroy();
	});
});
