import { describe, expect, it } from 'vitest';
import { entriesMap } from '$lib/board/doc';
import { setDecision } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { firstEntryId } from '../helpers/board-edits';
import { APA_BOARD, signIn } from '../helpers/collab-server';
import { refusal } from '../helpers/refusal';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Re-attributing an entry to another body is the secretariat's, and a move
// between two bodies' documents on the server: same id, text and fields,
// history and agreement kept, every client sees it move.

const bed = serverTestBed();

async function setUp() {
	const server = await bed.start();
	const ctx = server.running.ctx;
	const secretariat = signIn(ctx, { role: 'secretariat', name: 'Sam' });
	const user = (u: typeof secretariat) => ({ userId: u.id, name: 'x', role: u.role, body: u.body });
	return { ctx, secretariat, user };
}

describe('moving an entry to another body', () => {
	it('the secretariat moves a SOM-ED entry to SOMTC: same id and text, agreement kept, seen live, recorded in history', async () => {
		const { ctx, secretariat, user } = await setUp();
		const watcher = await bed.client(signIn(ctx, { role: 'observer' }).token);
		const chairUser = signIn(ctx, { role: 'chair', body: 'SOMTC' });
		const chair = await bed.client(chairUser.token);
		const id = firstEntryId(watcher.docs, 'SOM-ED');
		const before = readBoard(watcher.docs).entries.find((e) => e.id === id)!;
		setDecision(chair.docs, id, 'agreed', { userId: chairUser.id, meeting: null }, { source: 'user' });
		await waitFor(() => readBoard(ctx.rooms.readDocs(APA_BOARD)).entries.find((e) => e.id === id)?.status === 'agreed', { what: 'the agreement' });

		expect(ctx.reattribution.move(APA_BOARD, id, 'SOMTC', user(secretariat))).toEqual({ body: 'SOMTC' });
		await waitFor(() => readBoard(watcher.docs).entries.find((e) => e.id === id)?.body === 'SOMTC', { what: 'the watcher to see it move' });
		const moved = readBoard(watcher.docs).entries.filter((e) => e.id === id);
		expect(moved).toHaveLength(1);
		expect(moved[0]).toMatchObject({ body: 'SOMTC', text: before.text, provision: before.provision, category: before.category, status: 'agreed' });
		expect(entriesMap(ctx.store.loadBoard(APA_BOARD).body('SOM-ED')).has(id)).toBe(false);
		expect(entriesMap(ctx.store.loadBoard(APA_BOARD).body('SOMTC')).has(id)).toBe(true);
		const rows = ctx.history.forCell(APA_BOARD, { cell: `${before.provision}|${before.category}` }).filter((r) => r.entryId === id);
		const move = rows.find((r) => r.kind === 'moved')!;
		expect(move).toMatchObject({ userId: secretariat.id, before: { body: 'SOM-ED' }, after: { body: 'SOMTC', text: before.text } });
		expect(rows.some((r) => r.kind === 'removed'), 'the move is no removal').toBe(false);
		expect(watcher.closes).toEqual([]);
	});

	it('is the secretariat’s alone, needs a known body, and a board that is open', async () => {
		const { ctx, user } = await setUp();
		const docs = ctx.rooms.readDocs(APA_BOARD);
		const id = firstEntryId(docs, 'SOM-ED');
		for (const spec of [{ role: 'chair', body: 'SOMTC' }, { role: 'delegate', body: 'SOM-ED' }, { role: 'observer' }] as const) {
			expect(refusal(() => ctx.reattribution.move(APA_BOARD, id, 'SOMTC', user(signIn(ctx, spec)))).status).toBe(403);
		}
		const secretariat = user(signIn(ctx, { role: 'secretariat' }));
		expect(refusal(() => ctx.reattribution.move(APA_BOARD, id, 'NOPE', secretariat)).status).toBe(400);
		expect(refusal(() => ctx.reattribution.move(APA_BOARD, 'no-such-entry', 'SOMTC', secretariat)).status).toBe(404);
		expect(refusal(() => ctx.reattribution.move(APA_BOARD, id, 'SOM-ED', secretariat)).status).toBe(409);
		ctx.boards.setStatus(APA_BOARD, 'finalized');
		expect(refusal(() => ctx.reattribution.move(APA_BOARD, id, 'SOMTC', secretariat)).status).toBe(403);
		expect(ctx.rooms.readDocs(APA_BOARD).bodyOfEntry(id)).toBe('SOM-ED');
		expect(entriesMap(ctx.rooms.readDocs(APA_BOARD).body('SOMTC')).has(id)).toBe(false);
	});
});
