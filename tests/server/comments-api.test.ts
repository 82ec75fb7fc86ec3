import { beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '$lib/server/app-context';
import type { SessionUser } from '$lib/server/identity/auth';
import type { Role } from '$lib/server/identity/users';
import * as threadRoute from '../../src/routes/api/boards/[id]/comments/[commentId]/+server';
import * as commentsRoute from '../../src/routes/api/boards/[id]/comments/+server';
import * as readRoute from '../../src/routes/api/boards/[id]/comments/read/+server';
import * as settingsRoute from '../../src/routes/api/boards/[id]/comments/settings/+server';
import * as summaryRoute from '../../src/routes/api/boards/[id]/comments/summary/+server';
import * as notificationsRoute from '../../src/routes/api/notifications/+server';
import * as notificationsReadRoute from '../../src/routes/api/notifications/read/+server';
import { callRoute, type Call as RouteCall } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';

/**
 * The discussion endpoints called as SvelteKit calls them (a RequestEvent
 * with `locals.user` set by the session hook), on a freshly seeded database.
 */

const bed = serverTestBed();
let ctx: AppContext;
let people: Record<'chair' | 'somEd' | 'observer' | 'secretariat', SessionUser>;

beforeEach(async () => {
	ctx = await bed.context();
	const make = (name: string, role: Role, body: string | null): SessionUser => {
		const u = ctx.users.create({ email: `${role}.${body ?? 'none'}@x.test`, name, role, body, passwordHash: null });
		return { id: u.id, email: u.email, name: u.name, role, body };
	};
	people = {
		chair: make('Chris Chair', 'chair', 'SOMTC'),
		somEd: make('Edna Delegate', 'delegate', 'SOM-ED'),
		observer: make('Olive Observer', 'observer', null),
		secretariat: make('Sam Secretariat', 'secretariat', null)
	};
});

type Call = Omit<RouteCall, 'user'> & { user?: SessionUser | null };
type Handler = Parameters<typeof callRoute>[0];
const call = (handler: Handler, { user = people.chair, ...c }: Call) => callRoute(handler, { user, ...c });

const post = (body: unknown, c: Omit<Call, 'body'> = {}) => call(commentsRoute.POST, { method: 'POST', body, ...c });

describe('posting', () => {
	it('starts a thread on a cell and lists it', async () => {
		const posted = await post({ cell: 'A.a|institutional', body: '@SOM-ED please review' });
		expect(posted.status).toBe(201);
		const listed = await call(commentsRoute.GET, { path: '/?cell=A.a%7Cinstitutional', user: people.somEd });
		expect(listed.status).toBe(200);
		expect(listed.data.threads).toMatchObject([{ cellLabel: 'A.a · Institutional Development', comments: [{ body: '@SOM-ED please review' }] }]);
		const notifications = await call(notificationsRoute.GET, { user: people.somEd });
		expect(notifications.data).toMatchObject({ unread: 1, items: [{ reason: 'body', bodyCode: 'SOM-ED' }] });
	});

	it('answers bad input with 400 and a sentence, never a 500', async () => {
		const cases: [unknown, string | RegExp][] = [
			['{not json', 'Send a JSON body.'],
			[{ cell: 'A.a|institutional' }, 'body: Send the comment’s text as `body`.'],
			[{ cell: 'A.a|institutional', body: 42 }, 'body: Send the comment’s text as `body`.'],
			[{ cell: 'A.a|institutional', body: '  ' }, 'Write something first.'],
			[{ cell: 'A.a|institutional', body: 'x'.repeat(4_001) }, /^A comment can have at most 4,000 characters/],
			[{ cell: 'Z.z|institutional', body: 'hi' }, 'This board has no such cell.'],
			[{ cell: 'A.a|institutional', entryId: 'nope', body: 'hi' }, 'This cell has no such entry.'],
			[{ cell: 'A.a|institutional', body: 'hi', extra: 1 }, /extra/]
		];
		for (const [body, message] of cases) {
			const { status, data } = await post(body);
			expect(status, JSON.stringify(body).slice(0, 60)).toBe(400);
			expect(data.message).toMatch(message);
		}
		expect((await call(commentsRoute.GET, { path: '/' })).status).toBe(400);
		expect((await call(threadRoute.PATCH, { method: 'PATCH', params: { commentId: 'x' }, body: { resolved: true } })).status).toBe(404);
		expect((await call(threadRoute.PATCH, { method: 'PATCH', params: { commentId: '1' }, body: { colour: 'red' } })).data.message).toMatch(/^Send either/);
		expect((await call(notificationsReadRoute.POST, { method: 'POST', body: { ids: ['1'] } })).status).toBe(400);
	});

	it('refuses writes without this site’s Origin, and anonymous calls', async () => {
		expect(await post({ cell: 'A.a|institutional', body: 'hi' }, { origin: null })).toMatchObject({ status: 403 });
		expect(await post({ cell: 'A.a|institutional', body: 'hi' }, { origin: 'https://evil.test' })).toMatchObject({ status: 403 });
		expect(await post({ cell: 'A.a|institutional', body: 'hi' }, { user: null })).toMatchObject({ status: 401 });
		expect((await call(summaryRoute.GET, { user: null })).status).toBe(401);
	});

	it('answers 404 for a board that is not there', async () => {
		expect((await call(summaryRoute.GET, { params: { id: 'nope' } })).status).toBe(404);
		expect((await post({ cell: 'A.a|institutional', body: 'hi' }, { params: { id: 'nope' } })).status).toBe(404);
	});
});

describe('permissions', () => {
	it('an observer is refused until the secretariat opens the discussion', async () => {
		const refused = await post({ cell: 'A.a|institutional', body: 'May I?' }, { user: people.observer });
		expect(refused.status).toBe(403);
		const put = (user: SessionUser) => call(settingsRoute.PUT, { method: 'PUT', user, body: { observersMayComment: true } });
		expect((await put(people.chair)).status).toBe(403);
		expect((await put(people.secretariat)).data).toEqual({ settings: { observersMayComment: true } });
		expect((await post({ cell: 'A.a|institutional', body: 'Thanks' }, { user: people.observer })).status).toBe(201);
	});

	it('resolving is for the author, the chair and the secretariat', async () => {
		const { data } = await post({ cell: 'A.a|institutional', body: 'Done?' }, { user: people.somEd });
		const id = String((data.comment as { id: number }).id);
		const resolve = (user: SessionUser, resolved: boolean) =>
			call(threadRoute.PATCH, { method: 'PATCH', user, params: { commentId: id }, body: { resolved } });
		expect((await resolve(people.observer, true)).status).toBe(403);
		expect((await resolve(people.chair, true)).data.thread).toMatchObject({ resolvedByName: 'Chris Chair' });
		expect((await resolve(people.somEd, false)).data.thread).toMatchObject({ resolvedAt: null });
	});
});

describe('reading', () => {
	it('marks a cell read up to its listing and clears the unread count and notification', async () => {
		await post({ cell: 'A.a|institutional', body: '@SOM-ED?' });
		const summary = await call(summaryRoute.GET, { user: people.somEd });
		expect(summary.data.counts).toEqual({ 'A.a|institutional': { total: 1, unread: 1, open: 1 } });
		const { data } = await call(commentsRoute.GET, { path: '/?cell=A.a%7Cinstitutional', user: people.somEd });
		const read = await call(readRoute.POST, { method: 'POST', user: people.somEd, body: { cell: 'A.a|institutional', upTo: data.listedAt } });
		expect(read.data.counts).toEqual({ 'A.a|institutional': { total: 1, unread: 0, open: 1 } });
		expect((await call(notificationsRoute.GET, { user: people.somEd })).data.unread).toBe(0);
	});
});
