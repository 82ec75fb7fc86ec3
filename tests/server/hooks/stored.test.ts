import { describe, expect, it } from 'vitest';
import { entriesMap, metaMap, PLAN_DOC } from '$lib/board/doc';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import type { StoredUpdate } from '$lib/server/collab/extension';
import { authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { addEntry, entryText } from '../../helpers/board-edits';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `stored` and `storeFailed` hooks (the integrity extension in the app
// binds Yjs client ids there, in the transaction that stores the update),
// and what happens when an update cannot be stored; with hooks of the tests'
// own on a bare Rooms server.
const bed = bareRoomsBed();

describe('stored and storeFailed', () => {
	it('calls stored inside the transaction of each stored update, with its client author; storeFailed when that transaction rolls back', async () => {
		const stored: { docName: string; clientUserId: number | null; inTransaction: boolean; clients: number }[] = [];
		const failed: string[] = [];
		await bed.start((ctx) => ({
			authenticate: authenticateByName(ctx),
			stored: (s: StoredUpdate) =>
				stored.push({ docName: s.docName, clientUserId: s.clientUserId, inTransaction: bed.ctx.db.inTransaction, clients: s.transaction.afterState.size }),
			storeFailed: (boardId, docName) => failed.push(`${boardId} ${docName}`)
		}));
		const alice = await bed.client('alice');
		const bob = await bed.client('bob');
		const id = addEntry(alice.docs, 'stored');
		await waitFor(() => entryText(bob.docs, id), { what: 'Bob to get the entry' });
		const aliceId = bed.ctx.users.byEmail('alice@test')!.id;
		expect(stored).toEqual([{ docName: 'body:SOMTC', clientUserId: aliceId, inTransaction: true, clients: expect.any(Number) }]);

		// A server change is stored with no client author, even on someone's behalf.
		const user = { userId: aliceId, name: 'alice', role: 'secretariat', body: null };
		bed.rooms.change(APA_BOARD, 'body:SOMTC', user, (doc) => entriesMap(doc).get(id)!.set('note', 'restored'));
		expect(stored.at(-1)).toMatchObject({ docName: 'body:SOMTC', clientUserId: null, inTransaction: true });
		expect(failed).toEqual([]);

		// The transaction that stored a change rolls back: what stored cached must be forgotten.
		const transaction = bed.ctx.store.transaction.bind(bed.ctx.store);
		bed.ctx.store.transaction = (fn) =>
			transaction(() => {
				fn();
				throw new Error('SQLITE_FULL: database or disk is full');
			});
		expect(() => bed.rooms.change(APA_BOARD, PLAN_DOC, user, (doc) => metaMap(doc).set('title', 'lost'))).toThrow(/could not be stored/);
		expect(failed).toEqual([`${APA_BOARD} ${PLAN_DOC}`]);
	});

	it("when an update cannot be stored, broadcasts nothing, closes that document's channels with 4500 and recovers on reconnect", async () => {
		await bed.start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await bed.client('alice');
		const bob = await bed.client('bob');
		const append = bed.ctx.store.append.bind(bed.ctx.store);
		let failures = 1;
		bed.ctx.store.append = (...args) => {
			if (failures-- > 0) throw new Error('SQLITE_IOERR: disk I/O error');
			return append(...args);
		};
		let bobHadItWhenClosed: string | undefined = 'not closed';
		bob.providers.get('body:SOMTC')!.once('connection-close', () => (bobHadItWhenClosed = entryText(bob.docs, id)));

		const id = addEntry(alice.docs, 'written once the disk is back');
		await waitFor(() => alice.closes.length > 0 && bob.closes.length > 0, { what: 'both to be closed' });
		// Only the document that failed is reloaded; the socket and the other documents stay.
		for (const c of [alice, bob]) {
			expect(c.closes).toEqual([{ doc: 'body:SOMTC', code: CLOSE_CODES.internalError, reason: 'the document is being reloaded' }]);
			expect(c.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		}
		expect(bobHadItWhenClosed).toBeUndefined();
		expect(bed.logged.some((m) => m.includes('could not store update'))).toBe(true);

		// 45xx is transient: both reconnect, Alice's sync step 2 resends the entry.
		await waitFor(() => entryText(bob.docs, id), { what: 'the entry after reconnecting' });
		expect(entryText(bed.ctx.store.loadBoard(APA_BOARD), id)).toBe('written once the disk is back');
		expect(alice.terminal).toEqual([]);
	});
});
