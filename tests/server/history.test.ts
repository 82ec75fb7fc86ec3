import { describe, expect, it } from 'vitest';
import { cellKey, type BoardDocs } from '$lib/board/doc';
import { addEntry, deleteEntry, editProvision, moveEntry, renameCategory, setDecision, setEntryProgress, setLead } from '$lib/board/mutations';
import { readBoard, type EntryView } from '$lib/board/view';
import type { HistoryRow } from '$lib/board/history';
import type { CollabOptions, ConnectionUser } from '$lib/server/collab/options';
import { cellTimeline } from '$lib/server/history/timeline';
import { APA_BOARD, signIn, type TestUser, type UserSpec } from '../helpers/collab-server';
import { firstOf, replaceText, SHARED_CELL, textOf, typeInto, USER } from '../helpers/history';
import { refusal } from '../helpers/refusal';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

// Per-cell history as the real server writes it: authenticated y-websocket
// clients edit, the server records who changed what as it applies updates.

const bed = serverTestBed();
const start = (collab: Partial<CollabOptions> = {}) => bed.start({ collab });
const user = (spec: UserSpec): TestUser => signIn(bed.server!.running.ctx, spec);
const client = (who: TestUser) => bed.client(who.token);

/** What the restore endpoint passes for a signed-in user. */
function asConnectionUser(who: TestUser, name = 'restorer'): ConnectionUser {
	return { userId: who.id, name, role: who.role, body: who.body };
}

const cellHistory = (cell: string, filters: { userId?: number; body?: string } = {}) =>
	bed.server!.running.ctx.history.forCell(APA_BOARD, { cell, ...filters });

/** Waits until the server's copy shows `check` (the update was applied, stored and recorded). */
const serverHas = (check: (docs: BoardDocs) => unknown, what: string) => waitFor(() => check(bed.server!.running.ctx.rooms.readDocs(APA_BOARD)), { what });

describe('recording', () => {
	it('attributes each row to the user who made the change, across two concurrent clients', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const somed = user(PEOPLE.somed);
		const a = await client(somtc);
		const b = await client(somed);
		const mine = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		const theirs = firstOf(b.docs, SHARED_CELL, 'SOM-ED');
		// Interleaved keystrokes from both, in flight at the same time.
		for (const ch of 'abcdef') {
			typeInto(a.docs, mine.id, ch);
			typeInto(b.docs, theirs.id, ch.toUpperCase());
		}
		await serverHas((d) => textOf(d, mine.id)?.endsWith('abcdef') && textOf(d, theirs.id)?.endsWith('ABCDEF'), 'both bursts');

		const rows = cellHistory(SHARED_CELL);
		expect(rows).toHaveLength(2);
		const byEntry = new Map(rows.map((r) => [r.entryId, r]));
		expect(byEntry.get(mine.id)).toMatchObject({ kind: 'edited', userId: somtc.id, userName: 'Tess Somtc', body: 'SOMTC', source: 'user' });
		expect(byEntry.get(theirs.id)).toMatchObject({ kind: 'edited', userId: somed.id, userName: 'Ed Somed', body: 'SOM-ED' });
		expect((byEntry.get(mine.id)!.before as { text: string }).text).toBe(mine.text);
		expect((byEntry.get(mine.id)!.after as { text: string }).text).toBe(`${mine.text}abcdef`);

		// Filters by user and by body.
		expect(cellHistory(SHARED_CELL, { userId: somed.id }).map((r) => r.entryId)).toEqual([theirs.id]);
		expect(cellHistory(SHARED_CELL, { body: 'SOMTC' }).map((r) => r.entryId)).toEqual([mine.id]);
	});

	it('folds a burst of keystrokes on one entry into one row; another author or kind starts a new one', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const secretariat = user(PEOPLE.secretariat);
		const a = await client(somtc);
		const s = await client(secretariat);
		const entry = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		const burst = ' — agreed at SOMTC WG 12 with a longer note';
		typeInto(a.docs, entry.id, burst);
		await serverHas((d) => textOf(d, entry.id) === entry.text + burst, 'the burst');
		const { store } = bed.server!.running.ctx;
		const rows = cellHistory(SHARED_CELL);
		console.log(`[history] ${burst.length} keystrokes → ${rows.length} row (seq ${rows[0].seqFrom}–${rows[0].seqTo})`);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ kind: 'edited', seqFrom: 1, seqTo: burst.length });
		expect(store.lastSeq(APA_BOARD)).toBe(burst.length);

		// The secretariat edits the same entry: a new row, and SOMTC's next keystrokes do not fold into theirs.
		await waitFor(() => textOf(s.docs, entry.id) === entry.text + burst, { what: 'the secretariat to see the burst' });
		typeInto(s.docs, entry.id, '!');
		await serverHas((d) => textOf(d, entry.id)?.endsWith('!'), 'the secretariat edit');
		await waitFor(() => textOf(a.docs, entry.id)?.endsWith('!'), { what: 'SOMTC to see the edit' });
		typeInto(a.docs, entry.id, '?');
		await serverHas((d) => textOf(d, entry.id)?.endsWith('!?'), 'the next keystroke');
		// A status change (the progress SOMTC reports) is another kind of change.
		setEntryProgress(a.docs, entry.id, 'ongoing', USER);
		await serverHas((d) => firstOf(d, SHARED_CELL, 'SOMTC').status === 'ongoing', 'the status');
		const kinds = cellHistory(SHARED_CELL).map((r) => [r.kind, r.userId]);
		expect(kinds).toEqual([
			['status', somtc.id],
			['edited', somtc.id],
			['edited', secretariat.id],
			['edited', somtc.id]
		]);
	});

	it('records additions, removals, moves (in both cells) and leads', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const chair = user(PEOPLE.chair);
		const a = await client(somtc);
		const c = await client(chair);
		const target = cellKey('B.a', 'research');
		const id = addEntry(a.docs, { provision: 'A.a', category: 'institutional', body: 'SOMTC', text: 'New activity' }, USER);
		moveEntry(a.docs, id, 'B.a', 'research', USER);
		// The lead comes from another socket (and document): wait for the move so the two arrive in this order.
		await serverHas((d) => readBoard(d).entries.some((e) => e.id === id && e.provision === 'B.a'), 'the move');
		setLead(c.docs, 'B.a', 'research', 'SOMTC', USER);
		const gone = firstOf(a.docs, SHARED_CELL, 'SOMTC').id;
		deleteEntry(a.docs, gone, USER);
		await serverHas((d) => readBoard(d).leads[target] === 'SOMTC' && textOf(d, gone) === undefined, 'all four changes');

		expect(cellHistory(SHARED_CELL).map((r) => [r.kind, r.entryId])).toEqual([
			['removed', gone],
			['moved', id],
			['added', id]
		]);
		const there = cellHistory(target);
		expect(there.map((r) => r.kind)).toEqual(['lead', 'moved']);
		expect(there[0]).toMatchObject({ before: null, after: 'SOMTC', userId: chair.id, entryId: null });
		expect(there[1].before).toMatchObject({ provision: 'A.a', category: 'institutional' });
		expect(there[1].after).toMatchObject({ provision: 'B.a', category: 'research' });

		// The board-wide activity feed lists them all, newest first.
		const activity = bed.server!.running.ctx.history.activity(APA_BOARD, 0);
		expect(activity).toHaveLength(5);
		expect(activity.map((r) => r.updatedAt)).toEqual([...activity.map((r) => r.updatedAt)].sort((x, y) => y - x));
		expect(bed.server!.running.ctx.history.activity(APA_BOARD, Date.now() + 1000)).toEqual([]);
	});
});

describe('decisions', () => {
	it('a decision in the plan writes a status row on the entry’s cell, attributed to the chair; restoring it withdraws it', async () => {
		await start();
		const chair = user(PEOPLE.chair);
		const somed = user(PEOPLE.somed);
		const secretariat = user(PEOPLE.secretariat);
		const c = await client(chair);
		const b = await client(somed);
		const theirs = firstOf(c.docs, SHARED_CELL, 'SOM-ED');
		// The chair records agreement on another body's entry: it lives in the plan, not in SOM-ED's document.
		setDecision(c.docs, theirs.id, 'agreed', { userId: chair.id, meeting: null }, USER);
		await serverHas((d) => firstOf(d, SHARED_CELL, 'SOM-ED').status === 'agreed', 'the decision');
		await waitFor(() => firstOf(b.docs, SHARED_CELL, 'SOM-ED').status === 'agreed', { what: 'SOM-ED to see it' });

		const rows = cellHistory(SHARED_CELL);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ kind: 'status', entryId: theirs.id, userId: chair.id, userName: 'Chris Chair', body: 'SOMTC', source: 'user' });
		expect(rows[0].before).toMatchObject({ text: theirs.text, body: 'SOM-ED', status: 'proposed' });
		expect(rows[0].after).toMatchObject({ text: theirs.text, body: 'SOM-ED', status: 'agreed', progress: 'proposed', decision: { state: 'agreed', by: chair.id } });
		expect(cellHistory(SHARED_CELL, { userId: chair.id })).toHaveLength(1);

		// Only the plan's writers may take it back: SOM-ED's delegate is refused, the secretariat restores it.
		const ctx = bed.server!.running.ctx;
		const seq = ctx.store.lastSeq(APA_BOARD);
		const refused = refusal(() => ctx.restorer.restore(APA_BOARD, asConnectionUser(somed), { cell: SHARED_CELL, row: rows[0].id, scope: 'entry', at: 'before' }));
		expect(refused.status).toBe(403);
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seq);
		const restored = ctx.restorer.restore(APA_BOARD, asConnectionUser(secretariat), { cell: SHARED_CELL, row: rows[0].id, scope: 'entry', at: 'before' });
		expect(restored).toEqual({ changed: 1 });
		await waitFor(() => firstOf(b.docs, SHARED_CELL, 'SOM-ED').status === 'proposed', { what: 'SOM-ED to see the agreement withdrawn' });
		expect(readBoard(ctx.rooms.readDocs(APA_BOARD)).entries.find((e) => e.id === theirs.id)!.decision).toBeUndefined();
		const [undone] = cellHistory(SHARED_CELL);
		expect(undone).toMatchObject({ kind: 'status', source: 'restore', userId: secretariat.id, entryId: theirs.id });
		expect((undone.before as EntryView).status).toBe('agreed');
		expect((undone.after as EntryView).status).toBe('proposed');
	});
});

describe('structure', () => {
	it('records who changed a provision or renamed a column, with both values, and nothing for entry edits', async () => {
		await start();
		const chair = user(PEOPLE.chair);
		const somtc = user(PEOPLE.somtc);
		const c = await client(chair);
		const d = await client(somtc);
		const since = Date.now() - 1;
		addEntry(d.docs, { provision: 'A.a', category: 'research', body: 'SOMTC', text: 'not structure' }, { source: 'user' });
		editProvision(c.docs, 'A.b', { text: 'A.b, as the meeting reworded it' }, { source: 'user' });
		renameCategory(c.docs, 'training', 'Training', { source: 'user' });
		await serverHas((docs) => readBoard(docs).categories.some((x) => x.name === 'Training'), 'the rename to arrive');

		const rows = bed.server!.running.ctx.history.structureSince(APA_BOARD, since);
		expect(rows.map((r) => [r.target, r.targetId, r.kind, r.userName, r.body, r.source])).toEqual([
			['category', 'training', 'edited', 'Chris Chair', 'SOMTC', 'user'],
			['provision', 'A.b', 'edited', 'Chris Chair', 'SOMTC', 'user']
		]);
		expect(rows[0].before).toEqual({ name: 'Training/Capacity Building' });
		expect(rows[0].after).toEqual({ name: 'Training' });
		expect(rows[1].after).toMatchObject({ part: 'A', letter: 'b', text: 'A.b, as the meeting reworded it' });
		expect(rows[1].before!.text).toMatch(/^Continue capacity building/);
		expect(bed.server!.running.ctx.history.structureSince(APA_BOARD, Date.now())).toEqual([]);
	});
});

describe('comments in the timeline', () => {
	it('puts a comment posted between two edits between them, newest first, and filters it by person and body', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const chair = user(PEOPLE.chair);
		const somed = user(PEOPLE.somed);
		const a = await client(somtc);
		const b = await client(somed);
		const ctx = bed.server!.running.ctx;
		const mine = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		const theirs = firstOf(b.docs, SHARED_CELL, 'SOM-ED');
		const pause = () => new Promise((r) => setTimeout(r, 5));

		replaceText(a.docs, mine.id, 'First edit');
		await serverHas((d) => textOf(d, mine.id) === 'First edit', 'the first edit');
		await pause();
		const { comment } = ctx.comments.post(chair, { boardId: APA_BOARD, cell: SHARED_CELL, cellLabel: 'A.a · Institutional Development', body: 'Why this wording?' });
		await pause();
		replaceText(b.docs, theirs.id, 'Second edit');
		await serverHas((d) => textOf(d, theirs.id) === 'Second edit', 'the second edit');

		const items = cellTimeline(ctx, APA_BOARD, { cell: SHARED_CELL });
		expect(items.map((i) => (i.type === 'change' ? ['change', i.row.userName] : [i.event.kind, i.event.userName, i.event.body]))).toEqual([
			['change', 'Ed Somed'],
			['comment', 'Chris Chair', 'Why this wording?'],
			['change', 'Tess Somtc']
		]);
		expect(items.map((i) => i.at)).toEqual(items.map((i) => i.at).sort((x, y) => y - x));
		expect(items[1]).toMatchObject({ type: 'comment', event: { commentId: comment.id, threadId: comment.id, userId: chair.id, userBody: 'SOMTC', cell: SHARED_CELL } });

		// The person and body filters apply to comments too.
		const kinds = (filters: { userId?: number; body?: string }) => cellTimeline(ctx, APA_BOARD, { cell: SHARED_CELL, ...filters }).map((i) => i.type);
		expect(kinds({ userId: chair.id })).toEqual(['comment']);
		expect(kinds({ body: 'SOMTC' })).toEqual(['comment', 'change']);
		expect(kinds({ body: 'SOM-ED' })).toEqual(['change']);
		// Another cell's timeline does not show it.
		expect(cellTimeline(ctx, APA_BOARD, { cell: cellKey('B.a', 'research') })).toEqual([]);
	});
});

describe('restore', () => {
	it('restores an earlier state as a new, attributed change that every client receives', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const secretariat = user(PEOPLE.secretariat);
		const a = await client(somtc);
		const watcher = await client(user(PEOPLE.observer));
		const entry = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		replaceText(a.docs, entry.id, 'First rewrite');
		await serverHas((d) => textOf(d, entry.id) === 'First rewrite', 'the first rewrite');
		setEntryProgress(a.docs, entry.id, 'ongoing', USER);
		replaceText(a.docs, entry.id, 'Second rewrite, later regretted');
		await serverHas((d) => textOf(d, entry.id)?.startsWith('Second'), 'the second rewrite');
		const rows = cellHistory(SHARED_CELL);
		expect(rows.map((r) => r.kind)).toEqual(['edited', 'status', 'edited']);
		const first = rows[2];
		const seqBefore = bed.server!.running.ctx.store.lastSeq(APA_BOARD);

		// The secretariat restores the whole cell to right after the first rewrite.
		const ctx = bed.server!.running.ctx;
		const result = ctx.restorer.restore(APA_BOARD, asConnectionUser(secretariat), { cell: SHARED_CELL, row: first.id, scope: 'cell', at: 'after' });
		expect(result).toEqual({ changed: 1 });
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seqBefore + 1);
		await waitFor(() => textOf(watcher.docs, entry.id) === 'First rewrite', { what: 'the watcher to get the restore' });
		expect(firstOf(watcher.docs, SHARED_CELL, 'SOMTC').status).toBe('proposed');

		const after = cellHistory(SHARED_CELL);
		expect(after).toHaveLength(4);
		// History is never rewritten: the earlier rows are untouched, the restore is a new row on top.
		expect(after.slice(1)).toEqual(rows);
		expect(after[0]).toMatchObject({ kind: 'edited', source: 'restore', userId: secretariat.id, entryId: entry.id });
		expect(after[0].before).toMatchObject({ text: 'Second rewrite, later regretted', status: 'ongoing' });
		expect(after[0].after).toMatchObject({ text: 'First rewrite', status: 'proposed' });

		// Restoring the same state again changes nothing.
		expect(refusal(() => ctx.restorer.restore(APA_BOARD, asConnectionUser(secretariat), { cell: SHARED_CELL, row: first.id, scope: 'cell', at: 'after' })).status).toBe(409);

		// One entry back to the state before any change.
		const own = ctx.restorer.restore(APA_BOARD, asConnectionUser(somtc), { cell: SHARED_CELL, row: first.id, scope: 'entry', at: 'before' });
		expect(own).toEqual({ changed: 1 });
		await waitFor(() => textOf(a.docs, entry.id) === entry.text, { what: 'the delegate to get the original text' });
	});

	it('a cell restore removes what was added and brings back what was removed since', async () => {
		await start();
		const secretariat = user(PEOPLE.secretariat);
		const s = await client(secretariat);
		const gone = firstOf(s.docs, SHARED_CELL, 'SOM-ED');
		const added = addEntry(s.docs, { provision: 'A.a', category: 'institutional', body: 'SOMTC', text: 'Added later' }, USER);
		deleteEntry(s.docs, gone.id, USER);
		await serverHas((d) => textOf(d, gone.id) === undefined && textOf(d, added), 'the add and delete');
		const [removal, addition] = cellHistory(SHARED_CELL);
		expect([removal.kind, addition.kind]).toEqual(['removed', 'added']);
		const result = bed.server!.running.ctx.restorer.restore(APA_BOARD, asConnectionUser(secretariat), {
			cell: SHARED_CELL,
			row: addition.id,
			scope: 'cell',
			at: 'before'
		});
		expect(result).toEqual({ changed: 2 });
		await waitFor(() => textOf(s.docs, gone.id) === gone.text && textOf(s.docs, added) === undefined, { what: 'the cell as it was' });
		expect(firstOf(s.docs, SHARED_CELL, 'SOM-ED')).toEqual(gone);
		expect(cellHistory(SHARED_CELL).slice(0, 2).map((r) => [r.kind, r.source])).toEqual(
			expect.arrayContaining([
				['added', 'restore'],
				['removed', 'restore']
			])
		);
	});

	it('a delegate cannot restore another body’s entry; nothing is applied, stored or recorded', async () => {
		await start();
		const somtc = user(PEOPLE.somtc);
		const somed = user(PEOPLE.somed);
		const a = await client(somtc);
		const b = await client(somed);
		const entry = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		replaceText(a.docs, entry.id, 'SOMTC rewrote this');
		await serverHas((d) => textOf(d, entry.id) === 'SOMTC rewrote this', 'the rewrite');
		const [row] = cellHistory(SHARED_CELL);
		const ctx = bed.server!.running.ctx;
		const seq = ctx.store.lastSeq(APA_BOARD);

		for (const scope of ['entry', 'cell'] as const) {
			const result = refusal(() => ctx.restorer.restore(APA_BOARD, asConnectionUser(somed), { cell: SHARED_CELL, row: row.id, scope, at: 'before' }));
			expect(result).toEqual({ status: 403, message: 'Only SOMTC delegates can edit SOMTC entries.' });
		}
		expect(ctx.store.lastSeq(APA_BOARD)).toBe(seq);
		expect(textOf(ctx.rooms.readDocs(APA_BOARD), entry.id)).toBe('SOMTC rewrote this');
		expect(cellHistory(SHARED_CELL)).toHaveLength(1);
		await waitFor(() => textOf(b.docs, entry.id) === 'SOMTC rewrote this', { what: 'SOM-ED to keep the SOMTC text' });
		// An unknown row, or a row of another cell, is a 404.
		expect(refusal(() => ctx.restorer.restore(APA_BOARD, asConnectionUser(somtc), { cell: 'B.a|research', row: row.id, scope: 'entry', at: 'before' })).status).toBe(404);
	});

	it('restores a board that is not loaded, and the room unloads again', async () => {
		await start({ unloadAfterMs: 100 });
		const secretariat = user(PEOPLE.secretariat);
		const s = await client(secretariat);
		const entry = firstOf(s.docs, SHARED_CELL, 'SOMTC');
		replaceText(s.docs, entry.id, 'Changed while connected');
		await serverHas((d) => textOf(d, entry.id) === 'Changed while connected', 'the change');
		bed.clients.splice(0).forEach((c) => c.destroy());
		const { rooms, store } = bed.server!.running.ctx;
		await waitFor(() => rooms.size === 0, { what: 'the room to unload' });

		const [row] = cellHistory(SHARED_CELL);
		expect(bed.server!.running.ctx.restorer.restore(APA_BOARD, asConnectionUser(secretariat), { cell: SHARED_CELL, row: row.id, scope: 'entry', at: 'before' })).toEqual({ changed: 1 });
		expect(textOf(store.loadBoard(APA_BOARD), entry.id)).toBe(entry.text);
		expect(cellHistory(SHARED_CELL)[0]).toMatchObject({ source: 'restore', userId: secretariat.id });
		await waitFor(() => rooms.size === 0, { what: 'the room to unload after the restore' });
	});
});

describe('durability', () => {
	it('keeps history intact across compaction, unloading and a restart', async () => {
		await start({ compactEvery: 10, unloadAfterMs: 50 });
		const somtc = user(PEOPLE.somtc);
		const somed = user(PEOPLE.somed);
		const a = await client(somtc);
		const b = await client(somed);
		const mine = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		const theirs = firstOf(b.docs, SHARED_CELL, 'SOM-ED');
		typeInto(a.docs, mine.id, ' twenty-five keystrokes..');
		await serverHas((d) => textOf(d, mine.id)?.endsWith('keystrokes..'), 'the burst');
		typeInto(b.docs, theirs.id, ' and more');
		await serverHas((d) => textOf(d, theirs.id)?.endsWith('and more'), 'the second burst');
		const { store, rooms } = bed.server!.running.ctx;
		expect(store.tailLength(APA_BOARD, 'body:SOMTC')).toBeLessThan(10); // compacted
		const before: HistoryRow[] = cellHistory(SHARED_CELL);
		expect(before).toHaveLength(2);

		bed.clients.splice(0).forEach((c) => c.destroy());
		await waitFor(() => rooms.size === 0, { what: 'the room to unload' });
		expect(cellHistory(SHARED_CELL)).toEqual(before);

		await bed.server!.close();
		await start({ compactEvery: 10 });
		expect(cellHistory(SHARED_CELL)).toEqual(before);
		// Recording carries on after the restart, from the reloaded state.
		const again = await client(somtc);
		replaceText(again.docs, mine.id, 'After the restart');
		await serverHas((d) => textOf(d, mine.id) === 'After the restart', 'an edit after the restart');
		const after = cellHistory(SHARED_CELL);
		expect(after.slice(1)).toEqual(before);
		expect((after[0].before as { text: string }).text).toBe(`${mine.text} twenty-five keystrokes..`);
	});
});
