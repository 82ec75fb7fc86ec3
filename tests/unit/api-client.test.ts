import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '$lib/client/api';
import { callApi, OFFLINE, requestApi } from '$lib/client/json-api';

/** The browser's API calls against a mocked `fetch`: what they send, and how a refusal becomes an ApiError. */

let fetchMock: ReturnType<typeof vi.fn>;

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

beforeEach(() => {
	fetchMock = vi.fn();
	vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

function sent(): { url: string; init: RequestInit } {
	const [url, init] = fetchMock.mock.calls.at(-1)!;
	return { url, init };
}

describe('the fetch wrapper', () => {
	it('answers the JSON of a 2xx', async () => {
		fetchMock.mockResolvedValue(answer(200, { unread: 3 }));
		await expect(callApi<{ unread: number }>('/api/notifications')).resolves.toEqual({ unread: 3 });
		expect(sent().init.method).toBe('GET');
		expect(sent().init.body).toBeUndefined();
	});

	it('turns a refusal into an ApiError with the server’s message and status', async () => {
		fetchMock.mockResolvedValue(answer(403, { message: 'Observers may not comment on this board.' }));
		const refused = await callApi('/api/boards/b/comments', { method: 'POST', body: {} }).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(ApiError);
		expect(refused).toMatchObject({ status: 403, message: 'Observers may not comment on this board.' });
	});

	it('says the status when a refusal has no message (an HTML error page, a proxy)', async () => {
		fetchMock.mockResolvedValue(answer(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
		await expect(callApi('/api/notifications')).rejects.toMatchObject({ status: 502, message: 'The server answered 502.' });
	});

	it('is status 0 when the server cannot be reached, and lets an abort through as it is', async () => {
		fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
		await expect(callApi('/api/notifications')).rejects.toMatchObject({ name: 'ApiError', status: 0, message: OFFLINE });
		fetchMock.mockRejectedValueOnce(new DOMException('The operation was aborted.', 'AbortError'));
		await expect(requestApi('/api/notifications')).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('sends a value as JSON and a file as it is', async () => {
		fetchMock.mockResolvedValue(answer(200, {}));
		await callApi('/x', { method: 'PUT', body: { observersMayComment: true } });
		expect(sent().init.body).toBe('{"observersMayComment":true}');
		expect((sent().init.headers as Record<string, string>)['content-type']).toBe('application/json');
		const file = new Blob(['xlsx bytes'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
		await callApi('/x', { method: 'POST', body: file });
		expect(sent().init.body).toBe(file);
		expect((sent().init.headers as Record<string, string>)['content-type']).toBeUndefined();
	});
});

describe('the endpoints', () => {
	beforeEach(() => fetchMock.mockImplementation(async () => answer(200, {})));

	it('names each endpoint’s path, method and body', async () => {
		await api.comments.add('apa 4', { cell: 'p1|c1', body: 'Hello', entryId: null, parentId: null });
		expect(sent().url).toBe('/api/boards/apa%204/comments');
		expect(sent().init.method).toBe('POST');
		expect(JSON.parse(sent().init.body as string)).toEqual({ cell: 'p1|c1', body: 'Hello', entryId: null, parentId: null });

		await api.comments.list('apa', 'p1|c1');
		expect(sent().url).toBe('/api/boards/apa/comments?cell=p1%7Cc1');

		await api.comments.setResolved('apa', 7, true);
		expect([sent().url, sent().init.method, sent().init.body]).toEqual(['/api/boards/apa/comments/7', 'PATCH', '{"resolved":true}']);

		await api.suggestions.act('apa', 12, 'withdraw');
		expect([sent().url, sent().init.body]).toEqual(['/api/boards/apa/suggestions/12', '{"action":"withdraw"}']);

		await api.entries.moveToBody('apa', 'e/1', 'SOMTC');
		expect(sent().url).toBe('/api/boards/apa/entries/e%2F1/body');

		await api.history.activity('apa', { version: 'As of 31 May' });
		expect(sent().url).toBe('/api/boards/apa/activity?version=As+of+31+May');

		await api.notifications.markRead({ all: true });
		expect([sent().url, sent().init.body]).toEqual(['/api/notifications/read', '{"all":true}']);

		await api.commentMatrix.import('apa', 'SOM-ED', new Blob(['x']), false);
		expect(sent().url).toBe('/api/boards/apa/comment-matrix?body=SOM-ED&apply=0');
	});

	it('asks an export with the query the endpoint reads, publication options for documents only', async () => {
		const publication = { emptyProvisions: 'omit', legend: false, paper: 'A3', large: true } as const;
		await api.exports.download('apa', { format: 'docx', version: 'Final', comments: true, publication });
		expect(sent().url).toBe('/api/boards/apa/export?format=docx&version=Final&comments=1&empty=omit&legend=0&paper=A3&large=1');
		await api.exports.download('apa', { format: 'csv', comments: true, publication, progress: 3 });
		expect(sent().url).toBe('/api/boards/apa/export?format=csv');
		expect(api.exports.href('apa', { format: 'pdf', progress: 3 })).toBe('/api/boards/apa/export?format=pdf&progress=3');
	});
});
