import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { entriesMap } from '$lib/board/doc';
import { setEntryStatus } from '$lib/board/mutations';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { longDate, today } from '$lib/server/export/format';
import { isAppError } from '$lib/server/app-error';
import { endMeeting, moveToItem, startMeeting } from '$lib/server/meetings';
import { minutesOf } from '$lib/server/minutes';
import { APA_BOARD, signIn, type TestUser } from '../helpers/collab-server';
import { firstOf, replaceText, SHARED_CELL, USER } from '../helpers/history';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Meeting mode on the real server: starting, moving and ending a meeting, and
// the one rule it changes on the WebSocket: while a meeting runs, the chair
// may set the status (and only the status) of any body's entries.

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

function refusal(fn: () => unknown): { status: number; message: string } {
	try {
		fn();
	} catch (e) {
		if (isAppError(e)) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('not refused');
}

const start = (who: TestUser, agenda = 'A.a, D.e', title = 'WG 12') => startMeeting(ctx(), APA_BOARD, { title, agenda }, actor(who));
const live = () => ctx().rooms.readDoc(APA_BOARD);

/** Sets a SOM-ED entry's status from `who`'s client: resolves true when applied, false when refused with 4403. */
async function setStatusAs(who: TestUser, entryId: string, status: 'agreed' | 'ongoing'): Promise<boolean> {
	const c = await client(who);
	setEntryStatus(c.doc, entryId, status, USER);
	await waitFor(() => c.closes.length > 0 || entriesMap(live()).get(entryId)?.get('status') === status, { what: 'the status change to be decided' });
	if (c.closes.length === 0) return true;
	expect(c.closes[0].code).toBe(CLOSE_CODES.forbidden);
	expect(entriesMap(live()).get(entryId)?.get('status')).not.toBe(status);
	return false;
}

describe('starting and moving a meeting', () => {
	it('the chair starts one, with the agenda in the order given; delegates may not; one at a time; input is checked', () => {
		expect(refusal(() => start(somEd))).toEqual({ status: 403, message: 'Only the chair and the secretariat run meetings.' });
		expect(refusal(() => start(chair, 'A.a, Q.q')).status).toBe(400);
		expect(refusal(() => start(chair, 'A.a', ' ')).status).toBe(400);
		const m = start(chair, 'D.e, A.a');
		expect(m).toMatchObject({ title: 'WG 12', agenda: ['D.e', 'A.a'], currentItem: 0, presenterId: chair.id, startedByName: 'Chris Chair', endedAt: null });
		expect(ctx().meetings.isRunning(APA_BOARD)).toBe(true);
		expect(refusal(() => start(secretariat)).status).toBe(409);
	});

	it('Previous/Next move the current item and make the mover the presenter; out-of-range and delegates are refused', () => {
		const m = start(chair);
		expect(moveToItem(ctx(), APA_BOARD, m.id, 1, actor(secretariat))).toMatchObject({ currentItem: 1, presenterId: secretariat.id, presenterName: 'Sam Secretariat' });
		expect(refusal(() => moveToItem(ctx(), APA_BOARD, m.id, 2, actor(chair))).status).toBe(400);
		expect(refusal(() => moveToItem(ctx(), APA_BOARD, m.id, 0, actor(somEd))).status).toBe(403);
		expect(refusal(() => moveToItem(ctx(), APA_BOARD, m.id + 1, 0, actor(chair))).status).toBe(404);
	});

	it('no meeting starts on a finalized board', () => {
		ctx().boards.setStatus(APA_BOARD, 'finalized');
		expect(refusal(() => start(chair)).status).toBe(409);
	});
});

describe('the chair’s one-click “agreed” on the WebSocket', () => {
	it('without a meeting the chair may not set a SOM-ED entry’s status', async () => {
		const { id } = firstOf(live(), SHARED_CELL, 'SOM-ED');
		expect(await setStatusAs(chair, id, 'agreed')).toBe(false);
	});

	it('during a meeting the chair sets it (stored and relayed), but may not edit its text; after the meeting, not even the status', async () => {
		const first = firstOf(live(), SHARED_CELL, 'SOM-ED');
		const second = firstOf(live(), 'B.a|training', 'SOM-ED');
		const m = start(chair);
		const watcher = await client(somEd);
		expect(await setStatusAs(chair, first.id, 'agreed')).toBe(true);
		await waitFor(() => entriesMap(watcher.doc).get(first.id)?.get('status') === 'agreed', { what: 'the delegate to see it' });
		expect(entriesMap(ctx().store.load(APA_BOARD).doc).get(first.id)?.get('status'), 'stored').toBe('agreed');

		const editor = await client(chair);
		replaceText(editor.doc, first.id, 'Rewritten by the chair');
		await waitFor(() => editor.closes.length > 0, { what: 'the text edit to be refused' });
		expect(editor.closes[0].code).toBe(CLOSE_CODES.forbidden);
		expect(firstOf(live(), SHARED_CELL, 'SOM-ED').text).not.toBe('Rewritten by the chair');

		endMeeting(ctx(), APA_BOARD, m.id, actor(chair));
		expect(await setStatusAs(chair, second.id, 'agreed')).toBe(false);
	});
});

describe('ending a meeting', () => {
	it('saves a named version and draft minutes with the meeting’s changes and decisions', async () => {
		const { id, text } = firstOf(live(), SHARED_CELL, 'SOM-ED');
		const m = start(chair, 'A.a, D.e', 'SOMTC WG 12');
		const delegate = await client(somEd);
		replaceText(delegate.doc, id, `${text} (with teacher unions)`);
		await waitFor(() => firstOf(live(), SHARED_CELL, 'SOM-ED').text.endsWith('(with teacher unions)'), { what: 'the edit to arrive' });
		expect(await setStatusAs(chair, id, 'agreed')).toBe(true);

		const draft = minutesOf(ctx(), APA_BOARD, m.id)!;
		expect(draft.info.running).toBe(true);
		expect(draft.items[0].changes).toHaveLength(2);

		const endedAt = Date.now();
		const label = `SOMTC WG 12 — ${longDate(today(new Date(endedAt)))}`;
		const ended = endMeeting(ctx(), APA_BOARD, m.id, actor(chair), endedAt);
		expect(ended.version.label).toBe(label);
		expect(ctx().versions.has(APA_BOARD, label)).toBe(true);
		expect(ended.meeting).toMatchObject({ endedAt, versionLabel: label });
		expect(ctx().meetings.isRunning(APA_BOARD)).toBe(false);

		const minutes = minutesOf(ctx(), APA_BOARD, m.id)!;
		expect(minutes.info).toMatchObject({ running: false, startedByName: 'Chris Chair', versionLabel: label });
		const item = minutes.items[0];
		expect(item.ref).toBe('A.a');
		expect(item.changes.map((c) => [c.who, c.kind])).toEqual([
			['Edna Delegate', 'edited'],
			['Chris Chair', 'status']
		]);
		expect(item.changes[0].text).toContain('(with teacher unions)');
		expect(item.decisions).toMatchObject([{ kind: 'agreed', body: 'SOM-ED', who: 'Chris Chair' }]);
		expect(refusal(() => endMeeting(ctx(), APA_BOARD, m.id, actor(chair))).status).toBe(409);

		// A second meeting of the same name on the same day gets its own version.
		const again = start(secretariat, 'A.a', 'SOMTC WG 12');
		expect(endMeeting(ctx(), APA_BOARD, again.id, actor(secretariat), endedAt).version.label).toBe(`${label} (2)`);
	});
});
