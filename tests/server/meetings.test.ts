import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bodyDocName, decisionsMap, entriesMap, PLAN_DOC, type BoardDocs } from '$lib/board/doc';
import { setDecision } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { longDate, today } from '$lib/server/export/format';
import type { DocClose, TestClient } from '../helpers/collab-client';
import { APA_BOARD, signIn, type TestUser } from '../helpers/collab-server';
import { firstOf, replaceText, SHARED_CELL, USER } from '../helpers/history';
import { refusal } from '../helpers/refusal';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Meeting mode on the real server: starting, moving and ending a meeting, and
// the chair's one-click "agreed" on the WebSocket: agreement is a decision in
// the plan document (which the chair and the secretariat write, meeting or
// not), never a write to the body's own document; the minutes list it.

const bed = serverTestBed();
let chair: TestUser;
let secretariat: TestUser;
let somEd: TestUser;

const ctx = () => bed.server!.running.ctx;
const actor = (u: TestUser) => ({ id: u.id, role: u.role, body: u.body });

beforeAll(() => {
	// Refusals are logged as warnings; here they are expected.
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
	vi.restoreAllMocks();
});

beforeEach(async () => {
	await bed.start();
	chair = signIn(ctx(), { role: 'chair', body: 'SOMTC', name: 'Chris Chair' });
	secretariat = signIn(ctx(), { role: 'secretariat', name: 'Sam Secretariat' });
	somEd = signIn(ctx(), { role: 'delegate', body: 'SOM-ED', name: 'Edna Delegate' });
});

const client = (who: TestUser) => bed.client(who.token);

const start = (who: TestUser, agenda = 'A.a, D.e', title = 'WG 12') => ctx().meetings.start(APA_BOARD, { title, agenda }, actor(who));
const live = () => ctx().rooms.readDocs(APA_BOARD);
const entryIn = (docs: BoardDocs, id: string) => readBoard(docs).entries.find((e) => e.id === id);

/** Records agreement on an entry from `who`'s client, as the one-click "agreed" does; resolves once the server has it. */
async function agreeAs(who: TestUser, entryId: string, meeting: number | null): Promise<TestClient> {
	const c = await client(who);
	setDecision(c.docs, entryId, 'agreed', { userId: who.id, meeting }, USER);
	await waitFor(() => c.closes.length > 0 || entryIn(live(), entryId)?.decision, { what: 'the decision to be applied' });
	expect(c.closes).toEqual([]);
	return c;
}

/** Waits for the channel of `doc` on `c` to be closed; returns how. */
async function channelClosed(c: TestClient, doc: string): Promise<DocClose> {
	return waitFor(() => c.closes.find((x) => x.doc === doc), { what: `${doc} to be closed` });
}

describe('starting and moving a meeting', () => {
	it('the chair starts one, with the agenda in the order given; delegates may not; one at a time; input is checked', () => {
		expect(refusal(() => start(somEd))).toEqual({ status: 403, message: 'Only the chair and the secretariat run meetings.' });
		expect(refusal(() => start(chair, 'A.a, Q.q')).status).toBe(400);
		expect(refusal(() => start(chair, 'A.a', ' ')).status).toBe(400);
		const m = start(chair, 'D.e, A.a');
		expect(m).toMatchObject({ title: 'WG 12', agenda: ['D.e', 'A.a'], currentItem: 0, presenterId: chair.id, startedByName: 'Chris Chair', endedAt: null });
		expect(ctx().meetings.running(APA_BOARD)?.id).toBe(m.id);
		expect(refusal(() => start(secretariat)).status).toBe(409);
	});

	it('Previous/Next move the current item and make the mover the presenter; out-of-range and delegates are refused', () => {
		const m = start(chair);
		expect(ctx().meetings.moveTo(APA_BOARD, m.id, 1, actor(secretariat))).toMatchObject({ currentItem: 1, presenterId: secretariat.id, presenterName: 'Sam Secretariat' });
		expect(refusal(() => ctx().meetings.moveTo(APA_BOARD, m.id, 2, actor(chair))).status).toBe(400);
		expect(refusal(() => ctx().meetings.moveTo(APA_BOARD, m.id, 0, actor(somEd))).status).toBe(403);
		expect(refusal(() => ctx().meetings.moveTo(APA_BOARD, m.id + 1, 0, actor(chair))).status).toBe(404);
	});

	it('no meeting starts on a finalized board', () => {
		ctx().boards.setStatus(APA_BOARD, 'finalized');
		expect(refusal(() => start(chair)).status).toBe(409);
	});
});

describe('the chair’s one-click “agreed” on the WebSocket', () => {
	it('the chair records agreement on another body’s entry in the plan, stored and relayed, in a meeting or not', async () => {
		const first = firstOf(live(), SHARED_CELL, 'SOM-ED');
		const second = firstOf(live(), 'B.a|training', 'SOM-ED');
		const m = start(chair);
		const watcher = await client(somEd);
		await agreeAs(chair, first.id, m.id);
		await waitFor(() => entryIn(watcher.docs, first.id)?.status === 'agreed', { what: 'the delegate to see it' });
		expect(entryIn(watcher.docs, first.id)!.decision).toMatchObject({ state: 'agreed', by: chair.id, meeting: m.id });
		const stored = ctx().store.loadBoard(APA_BOARD);
		expect(entryIn(stored, first.id), 'stored').toMatchObject({ status: 'agreed', progress: 'proposed', decision: { state: 'agreed', by: chair.id } });
		// The agreement is the plan's: SOM-ED's own document (its progress) is untouched.
		expect(decisionsMap(stored.plan).has(first.id)).toBe(true);
		expect(entriesMap(stored.body('SOM-ED')).get(first.id)?.get('status')).toBe('proposed');

		// Agreement is no longer tied to a running meeting: after it ends the chair may still record one.
		ctx().meetings.end(APA_BOARD, m.id, actor(chair));
		await agreeAs(chair, second.id, null);
		expect(entryIn(live(), second.id)).toMatchObject({ status: 'agreed', decision: { by: chair.id, meeting: null } });
	});

	it('a SOM-ED delegate may not write the plan, not even during a meeting: its plan channel closes with 4403 and nothing is stored', async () => {
		const { id, text } = firstOf(live(), SHARED_CELL, 'SOM-ED');
		start(chair);
		const delegate = await client(somEd);
		const seq = ctx().store.lastSeq(APA_BOARD);
		setDecision(delegate.docs, id, 'agreed', { userId: somEd.id, meeting: null }, USER);
		expect((await channelClosed(delegate, PLAN_DOC)).code).toBe(CLOSE_CODES.forbidden);
		expect(entryIn(live(), id)!.decision).toBeUndefined();
		expect(ctx().store.lastSeq(APA_BOARD)).toBe(seq);
		expect(entryIn(ctx().store.loadBoard(APA_BOARD), id)!.status).toBe('proposed');
		// Only that document's channel closed: the delegate still edits its own body's entries.
		replaceText(delegate.docs, id, `${text} (still editing)`);
		await waitFor(() => entryIn(live(), id)?.text.endsWith('(still editing)'), { what: 'the delegate’s own edit' });
		expect(delegate.closes.map((c) => c.doc)).toEqual([PLAN_DOC]);
	});

	it('the chair may not write SOM-ED’s document, not even during a meeting (4403)', async () => {
		const first = firstOf(live(), SHARED_CELL, 'SOM-ED');
		start(chair);
		const editor = await client(chair);
		const seq = ctx().store.lastSeq(APA_BOARD);
		replaceText(editor.docs, first.id, 'Rewritten by the chair');
		expect((await channelClosed(editor, bodyDocName('SOM-ED'))).code).toBe(CLOSE_CODES.forbidden);
		expect(entryIn(live(), first.id)!.text).toBe(first.text);
		expect(ctx().store.lastSeq(APA_BOARD)).toBe(seq);
	});
});

describe('ending a meeting', () => {
	it('saves a named version and draft minutes with the meeting’s changes and decisions', async () => {
		const { id, text } = firstOf(live(), SHARED_CELL, 'SOM-ED');
		const m = start(chair, 'A.a, D.e', 'SOMTC WG 12');
		const delegate = await client(somEd);
		replaceText(delegate.docs, id, `${text} (with teacher unions)`);
		await waitFor(() => firstOf(live(), SHARED_CELL, 'SOM-ED').text.endsWith('(with teacher unions)'), { what: 'the edit to arrive' });
		await agreeAs(chair, id, m.id);

		const draft = ctx().meetings.minutes(APA_BOARD, m.id)!;
		expect(draft.info.running).toBe(true);
		expect(draft.items[0].changes).toHaveLength(2);

		const endedAt = Date.now();
		const label = `SOMTC WG 12 — ${longDate(today(new Date(endedAt)))}`;
		const ended = ctx().meetings.end(APA_BOARD, m.id, actor(chair), endedAt);
		expect(ended.version.label).toBe(label);
		expect(ctx().versions.has(APA_BOARD, label)).toBe(true);
		expect(ended.meeting).toMatchObject({ endedAt, versionLabel: label });
		expect(ctx().meetings.running(APA_BOARD)).toBeUndefined();

		const minutes = ctx().meetings.minutes(APA_BOARD, m.id)!;
		expect(minutes.info).toMatchObject({ running: false, startedByName: 'Chris Chair', versionLabel: label });
		const item = minutes.items[0];
		expect(item.ref).toBe('A.a');
		expect(item.changes.map((c) => [c.who, c.kind])).toEqual([
			['Edna Delegate', 'edited'],
			['Chris Chair', 'status']
		]);
		expect(item.changes[0].text).toContain('(with teacher unions)');
		expect(item.decisions).toMatchObject([{ kind: 'agreed', body: 'SOM-ED', who: 'Chris Chair' }]);
		expect(refusal(() => ctx().meetings.end(APA_BOARD, m.id, actor(chair))).status).toBe(409);

		// A second meeting of the same name on the same day gets its own version.
		const again = start(secretariat, 'A.a', 'SOMTC WG 12');
		expect(ctx().meetings.end(APA_BOARD, again.id, actor(secretariat), endedAt).version.label).toBe(`${label} (2)`);
	});

	it('the minutes name a suggestion rejected during the meeting, with who suggested and who rejected; one rejected before it is left out', async () => {
		const somtc = signIn(ctx(), { role: 'delegate', body: 'SOMTC', name: 'Tom Crime' });
		const suggester = { id: somEd.id, name: 'Edna Delegate', role: somEd.role, body: somEd.body };
		const decider = { id: somtc.id, name: 'Tom Crime', role: somtc.role, body: somtc.body };
		const target = readBoard(live()).entries.find((e) => e.body === 'SOMTC')!;
		const suggest = (text: string) => ctx().suggestions.suggest(suggester, APA_BOARD, { kind: 'wording', entryId: target.id, text });
		ctx().suggestions.decide(decider, APA_BOARD, suggest('Rejected before the meeting').id, 'reject');
		await new Promise((r) => setTimeout(r, 5));

		const m = start(chair, target.provision);
		ctx().suggestions.decide(decider, APA_BOARD, suggest('Rejected in the meeting').id, 'reject');
		const minutes = ctx().meetings.end(APA_BOARD, m.id, actor(chair)).minutes;
		expect(minutes.items[0].suggestions).toEqual([
			expect.objectContaining({ state: 'rejected', text: '“Rejected in the meeting”', author: 'Edna Delegate', authorBody: 'SOM-ED', decidedBy: 'Tom Crime' })
		]);
		expect(ctx().meetings.minutes(APA_BOARD, m.id), 'as saved with the meeting').toEqual(minutes);
		expect(JSON.stringify(minutes)).not.toContain('Rejected before the meeting');
	});
});
