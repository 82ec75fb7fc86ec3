/**
 * The one fetch of the browser's API calls (`api.ts` names them per
 * endpoint). Same origin, so the browser sends the session cookie and the
 * `Origin` header the server checks on writes.
 */

/** A refused or failed API call; `message` is the server's sentence for the user, `status` 0 when there was no answer. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export const OFFLINE = 'The server cannot be reached. Check your connection and try again.';

export interface ApiRequest {
	method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
	/** The query string; undefined values are left out. */
	query?: Record<string, string | number | undefined> | URLSearchParams;
	/** Sent as JSON, or as it is when a Blob (a file). */
	body?: unknown;
	signal?: AbortSignal;
}

function urlOf(path: string, query: ApiRequest['query']): string {
	if (!query) return path;
	const params = query instanceof URLSearchParams ? query : new URLSearchParams();
	if (!(query instanceof URLSearchParams)) for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
	const search = params.toString();
	return search ? `${path}?${search}` : path;
}

/**
 * The answer to a call, once it is a 2xx; an `ApiError` otherwise: the
 * `{ message }` of a refusal, or status 0 when the server could not be
 * reached. An aborted call rejects with the fetch's own `AbortError`.
 */
export async function requestApi(path: string, init: ApiRequest = {}): Promise<Response> {
	const { body } = init;
	const headers: Record<string, string> = { accept: 'application/json' };
	if (body !== undefined && !(body instanceof Blob)) headers['content-type'] = 'application/json';
	let response: Response;
	try {
		response = await fetch(urlOf(path, init.query), {
			method: init.method ?? 'GET',
			headers,
			body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
			signal: init.signal
		});
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		throw new ApiError(0, OFFLINE);
	}
	if (!response.ok) {
		const data = (await response.json().catch(() => null)) as { message?: unknown } | null;
		throw new ApiError(response.status, typeof data?.message === 'string' ? data.message : `The server answered ${response.status}.`);
	}
	return response;
}

/** A JSON endpoint's answer (see `requestApi` for its errors). */
export async function callApi<T>(path: string, init: ApiRequest = {}): Promise<T> {
	const response = await requestApi(path, init);
	return (await response.json().catch(() => null)) as T;
}
