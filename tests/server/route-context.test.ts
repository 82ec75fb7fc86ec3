import { isRedirect } from '@sveltejs/kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { getAppContext, setAppContext, type AppContext } from '$lib/server/app-context';
import * as proceduresRoute from '../../src/routes/api/boards/[id]/procedures/+server';
import * as boardPage from '../../src/routes/boards/[id]/+page.server';
import * as coveragePage from '../../src/routes/boards/[id]/coverage/+page.server';
import * as versionsPage from '../../src/routes/boards/[id]/versions/+page.server';
import { APA_BOARD } from '../helpers/collab-server';
import { callRoute, routeEvent, sessionPerson } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';

/**
 * Routes take the app context from `event.locals.app`, which `handle` sets
 * once from the process's context (every Playwright test goes through it).
 * With the process's context unset, a route or helper that fell back to the
 * global would throw; here each answers from the context its event carries.
 */

const bed = serverTestBed();
let ctx: AppContext;

beforeEach(async () => {
	ctx = await bed.context();
	setAppContext(undefined);
});

const chair = () => sessionPerson(ctx, { role: 'chair', body: 'SOMTC', name: 'Chris Chair' });

describe('routes, with the process context unset', () => {
	it('cannot reach the global (so what follows proves they use locals.app)', () => {
		expect(() => getAppContext()).toThrow(/not set up/);
	});

	it('an endpoint finds the board and its data in locals.app', async () => {
		const listed = await callRoute(proceduresRoute.GET, { user: chair().user, app: ctx });
		expect(listed).toEqual({ status: 200, data: { procedures: [] } });
		expect((await callRoute(proceduresRoute.GET, { user: chair().user, app: ctx, params: { id: 'nope' } })).status).toBe(404);
	});

	it('page loads (the board page and a live page) read the board from locals.app', async () => {
		const event = routeEvent({ user: chair().user, app: ctx }) as never;
		const board = await boardPage.load(event);
		expect(board.board.id).toBe(APA_BOARD);
		expect(board.view.provisions.length).toBeGreaterThan(0);
		const coverage = await coveragePage.load(event);
		expect(coverage.board.id).toBe(APA_BOARD);
		expect(coverage.bodies.length).toBeGreaterThan(0);
	});

	it('a form action writes through locals.app', async () => {
		const form = new FormData();
		form.set('label', 'Before the break');
		const event = routeEvent({ user: chair().user, app: ctx, method: 'POST' });
		const posted = { ...event, request: new Request(event.url, { method: 'POST', body: form }) };
		const thrown = await Promise.resolve(versionsPage.actions.save(posted as never)).catch((e: unknown) => e);
		expect(isRedirect(thrown)).toBe(true);
		expect(ctx.versions.list(APA_BOARD).map((v) => v.label)).toContain('Before the break');
	});
});
