import { describe, expect, it } from 'vitest';
import { cellKey, leadsMap, PLAN_DOC } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import * as Y from 'yjs';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { encodeUpdate } from '$lib/server/collab/protocol';
import { authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { addEntry, entryText } from '../../helpers/board-edits';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `whyNotWrite` hook (the authority extension in the app: whyNotWriteDoc,
// tested through the real server in permissions-enforced.test.ts), with hooks
// of the tests' own on a bare Rooms server.
const bed = bareRoomsBed();

describe('whyNotWrite', () => {
	it('closes only the channel of a document whyNotWrite refuses, with 4403: nothing applied, stored nor broadcast', async () => {
		const asked: string[] = [];
		await bed.start((ctx) => ({
			authenticate: authenticateByName(ctx),
			whyNotWrite: (user, boardId, docName) => {
				asked.push(`${user.name} ${boardId} ${docName}`);
				return docName === PLAN_DOC && user.name !== 'carol' ? 'only the chair assigns leads' : null;
			}
		}));
		const alice = await bed.client('alice');
		const bob = await bed.client('bob');
		const seqBefore = bed.ctx.store.lastSeq(APA_BOARD);
		const board = readBoard(alice.docs);
		const key = cellKey(board.provisions[0].id, board.categories[0].id);

		const plan = alice.providers.get(PLAN_DOC)!;
		const closed = new Promise<{ code: number; reason: string }>((resolve) => plan.once('closed', resolve));
		leadsMap(alice.plan).set(key, 'SOMTC');
		expect(await closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'only the chair assigns leads' });
		expect(plan.shouldConnect).toBe(false); // 44xx: the client does not retry that document
		expect(asked).toContain(`alice ${APA_BOARD} plan`);
		expect(alice.terminal).toEqual([{ doc: PLAN_DOC, code: CLOSE_CODES.forbidden, reason: 'only the chair assigns leads' }]);

		expect(bed.ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore);
		expect(leadsMap(bed.rooms.readPlan(APA_BOARD)).has(key)).toBe(false);
		// Alice's other documents are still open on the same socket: her entry gets through.
		const fromAlice = addEntry(alice.docs, 'allowed, from alice');
		const id = addEntry(bob.docs, 'allowed');
		const carol = await bed.client('carol');
		await waitFor(() => entryText(carol.docs, id) && entryText(carol.docs, fromAlice), { what: 'the allowed edits to get through' });
		expect(asked).toContain(`alice ${APA_BOARD} body:SOMTC`);
		expect(leadsMap(bob.plan).has(key)).toBe(false);
		expect(leadsMap(carol.plan).has(key)).toBe(false);

		leadsMap(carol.plan).set(key, 'SOMTC');
		await waitFor(() => leadsMap(bob.plan).get(key) === 'SOMTC', { what: "the chair's lead to arrive" });
		// Bob's plan, which he may not write either, stayed open: re-sending nothing new (as on connect) is no write.
		expect(bob.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		expect(bob.terminal).toEqual([]);
	});

	it('lets a refused author re-send what the document already has: no write, the channel stays open', async () => {
		await bed.start((ctx) => ({
			authenticate: authenticateByName(ctx),
			whyNotWrite: (user, _boardId, docName) => (docName === PLAN_DOC && user.name !== 'carol' ? 'only the chair assigns leads' : null)
		}));
		const bob = await bed.client('bob');
		const carol = await bed.client('carol');
		const seqBefore = bed.ctx.store.lastSeq(APA_BOARD);
		// The whole plan as Bob has it, as a reconnecting client's sync step 2 may carry others' operations.
		bob.providers.get(PLAN_DOC)!.ws!.send(encodeUpdate(Y.encodeStateAsUpdate(bob.plan)));
		// Frames of one socket are handled in order: once his next edit arrives, the re-sent plan was handled.
		const id = addEntry(bob.docs, 'after the re-send');
		await waitFor(() => entryText(carol.docs, id), { what: "Bob's entry to arrive" });
		expect(bob.terminal).toEqual([]);
		expect(bob.providers.get(PLAN_DOC)!.wsconnected).toBe(true);
		expect(bed.ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore + 1);
	});
});
