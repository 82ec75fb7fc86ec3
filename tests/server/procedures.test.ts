import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { decisionsMap, mapOf, PLAN_DOC, type TransactionOrigin } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import type { SessionUser } from '$lib/server/identity/auth';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import * as procedureRoute from '../../src/routes/api/boards/[id]/entries/[entry]/procedure/+server';
import * as listRoute from '../../src/routes/api/boards/[id]/procedures/+server';
import { firstEntryId } from '../helpers/board-edits';
import { APA_BOARD, type UserSpec } from '../helpers/collab-server';
import { callRoute, sessionPerson } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Ad referendum and silence procedures: started by the chair or the
// secretariat over HTTP (the server writes them into the plan; a client may
// not), answered by each body's delegates, and closed by the server's sweep
// at the deadline — with no client connected, and across a restart.

const bed = serverTestBed();
const USER: TransactionOrigin = { source: 'user' };
const MINUTE = 60_000;

async function setUp(clock: { now: number }, sweepMs = 20) {
	const server = await bed.start({ config: { now: () => clock.now, sweepMs } });
	const ctx = server.running.ctx;
	const person = (spec: UserSpec & { name: string }) => sessionPerson(ctx, spec);
	const people = {
		chair: person({ role: 'chair', body: 'SOMTC', name: 'Chris Chair' }),
		secretariat: person({ role: 'secretariat', name: 'Sam Secretariat' }),
		acwc: person({ role: 'delegate', body: 'ACWC', name: 'Wan Children' }),
		somEd: person({ role: 'delegate', body: 'SOM-ED', name: 'Edna Educator' }),
		observer: person({ role: 'observer', name: 'Olive Observer' })
	};
	const entryId = firstEntryId(ctx.rooms.readDocs(APA_BOARD), 'SOMTC');
	const post = (who: { user: SessionUser }, body: unknown, entry = entryId) =>
		callRoute(procedureRoute.POST, { user: who.user, method: 'POST', params: { entry }, body });
	const decision = () => readBoard(ctx.rooms.readDocs(APA_BOARD)).entries.find((e) => e.id === entryId)!;
	return { ctx, people, entryId, post, decision };
}

describe('silence procedure', () => {
	it('the chair starts it; an objection is attributed; the server closes it at the deadline with nobody online', async () => {
		const clock = { now: Date.now() };
		const { ctx, people, post, decision } = await setUp(clock);
		const watcher = await bed.client(people.observer.token);
		const deadline = clock.now + 10 * MINUTE;
		expect((await post(people.chair, { action: 'start', kind: 'silence', deadline })).status).toBe(201);
		expect(decision().decision).toMatchObject({ state: 'silence', by: people.chair.user.id, at: clock.now, procedure: { deadline, outcome: null } });
		expect(decision().status).toBe('proposed');

		expect((await post(people.acwc, { action: 'confirm' })).status, 'silence asks for objections only').toBe(400);
		expect((await post(people.secretariat, { action: 'object' })).status, 'the secretariat speaks for no body').toBe(403);
		expect((await post(people.observer, { action: 'object' })).status).toBe(403);
		expect((await post(people.acwc, { action: 'object', note: 'Our capital needs more time' })).status).toBe(200);
		await waitFor(() => readBoard(watcher.docs).entries.find((e) => e.id === decision().id)?.decision?.procedure?.objected.includes('ACWC') === true, {
			what: 'the objection to show live'
		});
		watcher.destroy();
		await waitFor(() => ctx.rooms.connectionCount(APA_BOARD) === 0, { what: 'nobody online' });

		clock.now = deadline + 1;
		await waitFor(() => decision().decision?.procedure?.outcome === 'broken', { what: 'the sweep to close it' });
		expect(decision().decision?.procedure?.closedAt).toBe(clock.now);
		expect(decision().status).toBe('proposed');
		expect((await post(people.somEd, { action: 'object' })).status, 'closed').toBe(404);
		const listed = await callRoute(listRoute.GET, { user: people.observer.user });
		expect(listed.data.procedures).toMatchObject([
			{ kind: 'silence', outcome: 'broken', startedByName: 'Chris Chair', responses: [{ body: 'ACWC', response: 'object', userName: 'Wan Children', note: 'Our capital needs more time' }] }
		]);
	});

	it('a deadline that passes while the server is down closes at its next start: agreed, with no objection', async () => {
		const clock = { now: Date.now() };
		const { people, post } = await setUp(clock, 60_000);
		const deadline = clock.now + MINUTE;
		expect((await post(people.secretariat, { action: 'start', kind: 'silence', deadline })).status).toBe(201);
		await bed.server!.close();
		clock.now = deadline + 5;
		const server = await bed.start({ config: { now: () => clock.now, sweepMs: 60_000 } });
		const entry = readBoard(server.running.ctx.rooms.readDocs(APA_BOARD)).entries.find((e) => e.decision?.state === 'silence')!;
		expect(entry.decision?.procedure).toMatchObject({ outcome: 'agreed', closedAt: clock.now });
		expect(entry.status).toBe('agreed');
	});
});

describe('ad referendum', () => {
	it('bodies confirm or object until the deadline; only the chair and the secretariat start one, on an open board, with a future deadline', async () => {
		const clock = { now: Date.now() };
		const { ctx, people, post, decision } = await setUp(clock, 60_000);
		const start = { action: 'start', kind: 'ad-referendum', deadline: clock.now + MINUTE };
		for (const who of [people.acwc, people.observer]) expect((await post(who, start)).status).toBe(403);
		expect((await post(people.chair, { ...start, deadline: clock.now - 1 })).status).toBe(400);
		expect((await post(people.chair, start, 'no-such-entry')).status).toBe(404);
		expect((await post(people.chair, { action: 'start', kind: 'veto', deadline: clock.now + MINUTE })).status).toBe(400);
		expect((await post(people.chair, start)).status).toBe(201);
		expect((await post(people.acwc, { action: 'confirm' })).status).toBe(200);
		expect((await post(people.somEd, { action: 'confirm' })).status).toBe(200);
		expect(decision().decision?.procedure).toMatchObject({ confirmed: ['ACWC', 'SOM-ED'], objected: [] });
		clock.now += MINUTE;
		expect((await post(people.acwc, { action: 'object' })).status, 'too late').toBe(409);
		ctx.procedures.sweep();
		expect(decision().decision?.procedure?.outcome).toBe('agreed');
		ctx.boards.setStatus(APA_BOARD, 'finalized');
		expect((await post(people.chair, { ...start, deadline: clock.now + MINUTE })).status).toBe(403);
	});

	it('a withdrawn or replaced decision is not overwritten by the sweep', async () => {
		const clock = { now: Date.now() };
		const { ctx, people, post, entryId, decision } = await setUp(clock, 60_000);
		expect((await post(people.chair, { action: 'start', kind: 'ad-referendum', deadline: clock.now + MINUTE })).status).toBe(201);
		const chair = await bed.client(people.chair.token);
		chair.plan.transact(() => decisionsMap(chair.plan).set(entryId, mapOf({ state: 'agreed', by: people.chair.user.id, at: clock.now, meeting: null }) as Y.Map<unknown>), USER);
		await waitFor(() => decision().decision?.state === 'agreed', { what: 'the chair’s agreement' });
		clock.now += 2 * MINUTE;
		expect(ctx.procedures.sweep()).toBe(1);
		expect(decision().decision).toMatchObject({ state: 'agreed' });
		expect(decision().decision?.procedure).toBeUndefined();
		expect((await callRoute(listRoute.GET, { user: people.chair.user })).data.procedures).toMatchObject([{ outcome: 'superseded' }]);
	});
});

describe('what a client may write', () => {
	it('a chair’s client may not write a procedure or its outcome into the plan itself (4422)', async () => {
		const clock = { now: Date.now() };
		const { people, post, entryId, decision } = await setUp(clock, 60_000);
		const chair = await bed.client(people.chair.token);
		chair.plan.transact(
			() => decisionsMap(chair.plan).set(entryId, mapOf({ state: 'silence', by: people.chair.user.id, at: Date.now(), meeting: null, deadline: 1 }) as Y.Map<unknown>),
			USER
		);
		await waitFor(() => chair.terminal.length > 0, { what: 'the refusal' });
		expect(chair.terminal[0]).toMatchObject({ doc: PLAN_DOC, code: CLOSE_CODES.doesNotFit });
		expect(decision().decision).toBeUndefined();

		expect((await post(people.chair, { action: 'start', kind: 'silence', deadline: clock.now + MINUTE })).status).toBe(201);
		const again = await bed.client(people.chair.token);
		await waitFor(() => decisionsMap(again.plan).get(entryId)?.get('state') === 'silence', { what: 'the procedure to sync' });
		again.plan.transact(() => decisionsMap(again.plan).get(entryId)!.set('outcome', 'agreed'), USER);
		await waitFor(() => again.terminal.length > 0, { what: 'the refusal of a forged outcome' });
		expect(again.terminal[0]).toMatchObject({ doc: PLAN_DOC, code: CLOSE_CODES.doesNotFit });
		expect(decision().decision?.procedure?.outcome).toBeNull();
	});
});
