import { describe, expect, it } from 'vitest';
import { cellKey } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import type { SessionUser } from '$lib/server/identity/auth';
import * as itemRoute from '../../src/routes/api/boards/[id]/suggestions/[suggestionId]/+server';
import * as listRoute from '../../src/routes/api/boards/[id]/suggestions/+server';
import { firstEntryId } from '../helpers/board-edits';
import { APA_BOARD, type UserSpec } from '../helpers/collab-server';
import { callRoute, sessionPerson } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

// Suggestions over HTTP against a running server, per role: who may suggest,
// who may accept or reject (those who may write the target's document), what
// accepting writes (an edit by the acceptor that every client sees live and
// whose history names the suggester), and that nothing is written anywhere
// else. Suggestions are rows, never updates in a document their author may not write.

const bed = serverTestBed();

async function setUp() {
	const server = await bed.start();
	const ctx = server.running.ctx;
	const person = (spec: UserSpec & { name: string }) => sessionPerson(ctx, spec);
	const people = {
		somEd: person(PEOPLE.somed),
		somtc: person(PEOPLE.somtc),
		acwc: person(PEOPLE.acwc),
		chair: person(PEOPLE.chair),
		secretariat: person(PEOPLE.secretariat),
		observer: person(PEOPLE.observer)
	};
	const board = () => readBoard(ctx.rooms.readDocs(APA_BOARD));
	const somtcEntry = board().entries.find((e) => e.id === firstEntryId(ctx.rooms.readDocs(APA_BOARD), 'SOMTC'))!;
	const suggest = (who: { user: SessionUser }, body: unknown) => callRoute(listRoute.POST, { user: who.user, method: 'POST', body });
	const act = (who: { user: SessionUser }, id: unknown, action: string) =>
		callRoute(itemRoute.POST, { user: who.user, method: 'POST', params: { suggestionId: String(id) }, body: { action } });
	return { ctx, people, board, somtcEntry, suggest, act };
}

describe('suggesting', () => {
	it('a SOM-ED delegate suggests new wording for a SOMTC entry: a row, attributed, the document untouched', async () => {
		const { ctx, people, board, somtcEntry, suggest } = await setUp();
		const logBefore = ctx.store.lastSeq(APA_BOARD);
		const { status, data } = await suggest(people.somEd, { kind: 'wording', entryId: somtcEntry.id, text: `${somtcEntry.text} and regional workshops`, reason: 'Broader' });
		expect(status).toBe(201);
		expect(data.suggestion).toMatchObject({
			kind: 'wording',
			state: 'open',
			targetBody: 'SOMTC',
			cell: cellKey(somtcEntry.provision, somtcEntry.category),
			baseText: somtcEntry.text,
			authorName: 'Ed Somed',
			authorBody: 'SOM-ED',
			reason: 'Broader'
		});
		expect(board().entries.find((e) => e.id === somtcEntry.id)!.text).toBe(somtcEntry.text);
		expect(ctx.store.lastSeq(APA_BOARD), 'no document written').toBe(logBefore);
		const listed = await callRoute(listRoute.GET, { user: people.observer.user });
		expect(listed.data.suggestions).toHaveLength(1);
	});

	it('every kind is checked against the board as it is now; bad input gets a sentence, never a 500', async () => {
		const { people, somtcEntry, suggest } = await setUp();
		const cell = cellKey(somtcEntry.provision, somtcEntry.category);
		const cases: [unknown, RegExp][] = [
			[{ kind: 'wording', entryId: 'nope', text: 'x' }, /no such entry/],
			[{ kind: 'wording', entryId: somtcEntry.id, text: somtcEntry.text }, /already/],
			[{ kind: 'wording', entryId: somtcEntry.id, text: '   ' }, /Write the suggested text/],
			[{ kind: 'wording', entryId: somtcEntry.id, text: 'x'.repeat(20_001) }, /at most 20,000/],
			[{ kind: 'new-entry', body: 'NOPE', cell, text: 'x' }, /no sectoral body NOPE/],
			[{ kind: 'new-entry', body: 'SOMTC', cell: 'Z.z|nowhere', text: 'x' }, /no such cell/],
			[{ kind: 'move', entryId: somtcEntry.id, toCell: cell }, /in that cell already/],
			[{ kind: 'provision', provisionId: 'nope', text: 'x' }, /no such provision/],
			[{ kind: 'colour', text: 'x' }, /kind of suggestion/],
			[{ kind: 'wording', entryId: somtcEntry.id, text: 'x', body: 'SOM-ED' }, /body/]
		];
		for (const [body, message] of cases) {
			const { status, data } = await suggest(people.somEd, body);
			expect(status, JSON.stringify(body).slice(0, 80)).toBe(400);
			expect(data.message).toMatch(message);
		}
	});

	it('observers may not suggest; nobody may on a finalized board; writes need this site’s Origin and a session', async () => {
		const { ctx, people, somtcEntry, suggest } = await setUp();
		const wording = { kind: 'wording', entryId: somtcEntry.id, text: 'Other words' };
		expect(await suggest(people.observer, wording)).toMatchObject({ status: 403, data: { message: /Observers/ } });
		expect((await callRoute(listRoute.POST, { user: null, method: 'POST', body: wording })).status).toBe(401);
		expect((await callRoute(listRoute.POST, { user: people.somEd.user, method: 'POST', body: wording, origin: 'https://evil.test' })).status).toBe(403);
		ctx.boards.setStatus(APA_BOARD, 'finalized');
		for (const who of [people.somEd, people.chair, people.secretariat]) expect((await suggest(who, wording)).status).toBe(403);
		expect((await callRoute(listRoute.GET, { user: people.somEd.user, params: { id: 'nope' } })).status).toBe(404);
	});
});

describe('a suggestion sent again (the browser’s outbox)', () => {
	it('the same id from the same person is the same suggestion, answered as the first time, even after it was decided or the board froze', async () => {
		const { ctx, people, somtcEntry, suggest, act } = await setUp();
		const id = crypto.randomUUID();
		const body = { id, kind: 'wording', entryId: somtcEntry.id, text: 'Sent twice, made once' };
		const first = await suggest(people.somEd, body);
		expect(first.status).toBe(201);
		const again = await suggest(people.somEd, body);
		expect(again).toEqual(first);
		expect((await callRoute(listRoute.GET, { user: people.somtc.user })).data.suggestions).toHaveLength(1);

		const made = first.data.suggestion as { id: number };
		await act(people.somtc, made.id, 'reject');
		ctx.boards.setStatus(APA_BOARD, 'finalized');
		expect(await suggest(people.somEd, body), 'a retry whose first answer was lost').toMatchObject({ status: 201, data: { suggestion: { id: made.id, state: 'rejected' } } });
		expect(ctx.suggestions.list(APA_BOARD, 'all')).toHaveLength(1);
	});

	it('another person’s id is a conflict, never their row; the id must be a UUID', async () => {
		const { ctx, people, somtcEntry, suggest } = await setUp();
		const id = crypto.randomUUID();
		const mine = await suggest(people.somEd, { id, kind: 'wording', entryId: somtcEntry.id, text: 'Mine' });
		expect(mine.status).toBe(201);
		const theirs = await suggest(people.acwc, { id, kind: 'wording', entryId: somtcEntry.id, text: 'Theirs' });
		expect(theirs.status).toBe(409);
		expect(JSON.stringify(theirs.data)).not.toContain('Mine');
		expect(ctx.suggestions.list(APA_BOARD, 'all').map((s) => [s.authorName, s.text])).toEqual([['Ed Somed', 'Mine']]);

		for (const bad of ['x', '12345', `${id}0`, 42]) {
			const refused = await suggest(people.somEd, { id: bad, kind: 'wording', entryId: somtcEntry.id, text: 'Bad id' });
			expect(refused, String(bad)).toMatchObject({ status: 400 });
		}
		expect(ctx.suggestions.list(APA_BOARD, 'all')).toHaveLength(1);
	});
});

describe('accepting and rejecting', () => {
	it('the SOMTC delegate accepts: everyone sees the new text live, and history names the acceptor and the suggester', async () => {
		const { ctx, people, somtcEntry, suggest, act } = await setUp();
		const watcher = await bed.client(people.observer.token);
		const text = `${somtcEntry.text} and regional workshops`;
		const { data } = await suggest(people.somEd, { kind: 'wording', entryId: somtcEntry.id, text });
		const id = (data.suggestion as { id: number }).id;
		const accepted = await act(people.somtc, id, 'accept');
		expect(accepted).toMatchObject({ status: 200, data: { suggestion: { state: 'accepted', decidedByName: 'Tess Somtc' } } });
		await waitFor(() => readBoard(watcher.docs).entries.find((e) => e.id === somtcEntry.id)?.text === text, { what: 'the watcher to see the accepted wording' });
		const rows = ctx.history.forCell(APA_BOARD, { cell: cellKey(somtcEntry.provision, somtcEntry.category) }).filter((r) => r.entryId === somtcEntry.id);
		expect(rows[0]).toMatchObject({ kind: 'edited', userId: people.somtc.user.id, userName: 'Tess Somtc', body: 'SOMTC', suggestedBy: people.somEd.user.id, suggestedByName: 'Ed Somed' });
		expect((await callRoute(listRoute.GET, { user: people.observer.user })).data.suggestions).toEqual([]);
		expect((await act(people.somtc, id, 'reject')).status).toBe(409);
		expect(watcher.closes).toEqual([]);
	});

	it('only those who may write the target decide: its body’s delegates and the secretariat; chair/secretariat for provisions', async () => {
		const { people, board, somtcEntry, suggest, act } = await setUp();
		const somEdEntry = board().entries.find((e) => e.body === 'SOM-ED')!;
		const provision = board().provisions[0];
		const idOf = async (who: { user: SessionUser }, body: unknown) => ((await suggest(who, body)).data.suggestion as { id: number }).id;

		const onSomtc = await idOf(people.somEd, { kind: 'wording', entryId: somtcEntry.id, text: 'Reworded by SOM-ED' });
		// The chair is a SOMTC delegate too; the other bodies, observers and the author are not.
		for (const who of [people.acwc, people.somEd, people.observer]) expect((await act(who, onSomtc, 'accept')).status, who.user.name).toBe(403);
		expect((await act(people.chair, onSomtc, 'reject')).data).toMatchObject({ suggestion: { state: 'rejected', decidedByName: 'Chris Chair' } });
		expect(board().entries.find((e) => e.id === somtcEntry.id)!.text).toBe(somtcEntry.text);

		const onSomEd = await idOf(people.chair, { kind: 'wording', entryId: somEdEntry.id, text: 'Reworded by the chair' });
		expect((await act(people.chair, onSomEd, 'accept')).status, 'the chair does not write SOM-ED').toBe(403);
		expect((await act(people.secretariat, onSomEd, 'accept')).status).toBe(200);
		expect(board().entries.find((e) => e.id === somEdEntry.id)!.text).toBe('Reworded by the chair');

		const onProvision = await idOf(people.acwc, { kind: 'provision', provisionId: provision.id, text: 'A provision, reworded' });
		for (const who of [people.somtc, people.acwc, people.observer]) expect((await act(who, onProvision, 'accept')).status).toBe(403);
		expect((await act(people.chair, onProvision, 'accept')).status).toBe(200);
		expect(board().provisions[0].text).toBe('A provision, reworded');
	});

	it('a new entry and a move are applied in the target body’s document by the acceptor', async () => {
		const { ctx, people, board, somtcEntry, suggest, act } = await setUp();
		const other = board().categories.find((c) => c.id !== somtcEntry.category)!;
		const toCell = cellKey(somtcEntry.provision, other.id);
		const added = (await suggest(people.acwc, { kind: 'new-entry', body: 'SOMTC', cell: toCell, text: 'Joint training with ACWC' })).data.suggestion as { id: number };
		const moved = (await suggest(people.acwc, { kind: 'move', entryId: somtcEntry.id, toCell })).data.suggestion as { id: number };
		expect((await act(people.somtc, added.id, 'accept')).status).toBe(200);
		expect((await act(people.somtc, moved.id, 'accept')).status).toBe(200);
		const now = board().entries.filter((e) => e.body === 'SOMTC' && cellKey(e.provision, e.category) === toCell);
		expect(now.map((e) => e.text)).toEqual(expect.arrayContaining(['Joint training with ACWC', somtcEntry.text]));
		const rows = ctx.history.forCell(APA_BOARD, { cell: toCell });
		expect(rows.filter((r) => r.suggestedBy === people.acwc.user.id).map((r) => r.kind).sort()).toEqual(['added', 'moved']);
	});

	it('the author withdraws; nobody else may; a suggestion on an entry deleted since cannot be accepted', async () => {
		const { people, somtcEntry, suggest, act } = await setUp();
		const first = (await suggest(people.somEd, { kind: 'wording', entryId: somtcEntry.id, text: 'One' })).data.suggestion as { id: number };
		expect((await act(people.somtc, first.id, 'withdraw')).status).toBe(403);
		expect((await act(people.somEd, first.id, 'withdraw')).data).toMatchObject({ suggestion: { state: 'withdrawn' } });
		expect((await act(people.somtc, first.id, 'accept')).status).toBe(409);
		expect((await act(people.somtc, 'x', 'accept')).status).toBe(404);
		expect((await act(people.somtc, 99_999, 'accept')).status).toBe(404);
		expect((await act(people.somtc, first.id, 'approve')).status).toBe(400);
	});
});
