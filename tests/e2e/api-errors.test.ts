import type { APIRequestContext, APIResponse } from '@playwright/test';
import { DEMO } from '../helpers/demo';
import { APA_BOARD, expect, test } from './fixtures';

// Refusals over real HTTP, through the built app as `npm start` serves it:
// the services are created by server/ and the routes run in the SvelteKit
// bundle, each with its own copy of the error module. Before one error type
// with a brand, `instanceof` failed across the two and these all answered 500.

const CELL = 'A.a|institutional';

/** A JSON endpoint's refusal: the status and its `{ message }`. */
async function expectRefused(response: Promise<APIResponse>, status: number, message: string | RegExp): Promise<void> {
	const res = await response;
	expect(res.status(), await res.text()).toBe(status);
	expect((await res.json()).message).toMatch(message);
}

/**
 * A form action's refusal, read as `use:enhance` reads it (SvelteKit's action
 * result as JSON): `fail()` is a failure with its status and the message in
 * its data; 401 and 404 are errors answered with their HTTP status.
 */
async function expectFormRefused(response: Promise<APIResponse>, status: number, message: string): Promise<void> {
	const res = await response;
	const result = (await res.json()) as { type: string; status?: number; data?: string; error?: { message: string } };
	expect(result.type === 'failure' ? result.status : res.status(), JSON.stringify(result)).toBe(status);
	expect(result.type === 'failure' ? result.data : result.error?.message, JSON.stringify(result)).toContain(message);
}

/** Posts a form to a named action, as the page's enhanced form does. */
function postForm(client: APIRequestContext, path: string, form: Record<string, string>): Promise<APIResponse> {
	return client.post(path, { form, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
}

/** A board of the test's own (the 2016 matrix), made by the secretariat: the comments posted here stay off the shared APA board. */
async function ownBoard(secretariat: APIRequestContext, title: string): Promise<string> {
	const result = await (await postForm(secretariat, '/?/create', { title, asOf: '', template: 'apa-2016' })).json();
	expect(result, JSON.stringify(result)).toMatchObject({ type: 'redirect', location: expect.stringMatching(/^\/boards\//) });
	return (result.location as string).split('/')[2];
}

test('refused comment actions answer 400, 403 and 404 with the reason', async ({ apiAs }) => {
	const secretariat = await apiAs(DEMO.secretariat);
	const chair = await apiAs(DEMO.chair);
	const somEd = await apiAs(DEMO.delegate('SOM-ED'));
	const observer = await apiAs(DEMO.observer);
	const COMMENTS = `/api/boards/${await ownBoard(secretariat, 'Refused comments')}/comments`;
	expect((await secretariat.put(`${COMMENTS}/settings`, { data: { observersMayComment: false } })).status()).toBe(200);
	await expectRefused(chair.put(`${COMMENTS}/settings`, { data: { observersMayComment: true } }), 403, 'Only the secretariat decides whether observers may comment.');
	await expectRefused(observer.post(COMMENTS, { data: { cell: CELL, body: 'May I?' } }), 403, /^Observers can read the discussion/);
	await expectRefused(chair.post(COMMENTS, { data: { cell: CELL, body: '   ' } }), 400, 'Write something first.');

	const posted = await chair.post(COMMENTS, { data: { cell: CELL, body: 'Who leads this?' } });
	expect(posted.status()).toBe(201);
	const id = (await posted.json()).comment.id as number;
	await expectRefused(somEd.patch(`${COMMENTS}/${id}`, { data: { body: 'Rewritten' } }), 403, 'Only its author can edit a comment.');
	await expectRefused(somEd.patch(`${COMMENTS}/${id}`, { data: { resolved: true } }), 403, /^Only the thread’s author, the chair or the secretariat/);
	await expectRefused(chair.patch(`${COMMENTS}/999999`, { data: { resolved: true } }), 404, 'No such comment on this board.');
	await expectRefused(chair.get(`/api/boards/no-such-board/comments?cell=${encodeURIComponent(CELL)}`), 404, 'No board with this id.');
});

test('saving a version with an empty or reserved name, or without the right, answers 400 and 403', async ({ apiAs }) => {
	const chair = await apiAs(DEMO.chair);
	const observer = await apiAs(DEMO.observer);
	const save = (client: APIRequestContext, label: string, board = APA_BOARD) => postForm(client, `/boards/${board}/versions?/save`, { label });
	await expectFormRefused(save(chair, '   '), 400, 'Give the version a name.');
	await expectFormRefused(save(chair, 'compare'), 400, '“compare” is reserved; choose another name.');
	await expectFormRefused(save(observer, 'Observer copy'), 403, 'Only the chair and the secretariat can save versions.');
	await expectFormRefused(save(chair, 'Anything', 'no-such-board'), 404, 'No board with this id.');
});

test('refused meeting and export requests answer 400, 403 and 404', async ({ apiAs }) => {
	const chair = await apiAs(DEMO.chair);
	const somEd = await apiAs(DEMO.delegate('SOM-ED'));
	await expectFormRefused(
		postForm(somEd, `/boards/${APA_BOARD}/meetings?/start`, { title: 'Not mine to run', agenda: 'A.a' }),
		403,
		'Only the chair and the secretariat run meetings.'
	);
	await expectRefused(chair.post(`/api/boards/${APA_BOARD}/meeting`, { data: { meetingId: 999999, item: 0 } }), 404, 'No such meeting on this board.');
	await expectRefused(chair.get(`/api/boards/${APA_BOARD}/export?format=odt`), 400, /^Unknown export format “odt”/);
	await expectRefused(chair.get(`/api/boards/${APA_BOARD}/export?format=csv&version=No%20such%20label`), 404, 'No version named “No such label” on this board.');
	await expectRefused(chair.get(`/api/boards/${APA_BOARD}/activity?since=yesterday`), 400, 'Give since=<ms since 1970> or version=<label>.');
});

test('a request without a session answers 401', async ({ playwright, baseURL }) => {
	const anonymous = await playwright.request.newContext({ baseURL });
	await expectRefused(anonymous.get('/api/notifications'), 401, 'Sign in first.');
	await expectRefused(anonymous.get('/api/sources/matrix-2016?from=10&to=10'), 401, 'Sign in first.');
	await anonymous.dispose();
});

test('the 2016 matrix lines beside an uncertain entry: its fields for anyone signed in, 400 outside the file', async ({ apiAs }) => {
	const observer = await apiAs(DEMO.observer);
	const res = await observer.get('/api/sources/matrix-2016?from=10&to=10');
	expect(res.status()).toBe(200);
	const { lines, more } = await res.json();
	expect(more).toBe(0);
	expect(lines).toHaveLength(1);
	expect(lines[0].n).toBe(10);
	expect(lines[0].fields.at(-1)).toBe('SLOM (ACMW)');
	await expectRefused(observer.get('/api/sources/matrix-2016?from=0&to=3'), 400, /^Lines 0–3 are not in the 2016 matrix/);
	await expectRefused(observer.get('/api/sources/matrix-2016?from=abc'), 400, /are not in the 2016 matrix/);
});
