/** A refused API call; `message` is the server's sentence for the user. */
export class ApiCallError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

/**
 * Calls one of the app's JSON endpoints (same origin, so the browser sends the
 * session cookie and the `Origin` header the server checks on writes).
 */
export async function callApi<T>(url: string, init: { method?: 'GET' | 'POST' | 'PATCH' | 'PUT'; body?: unknown } = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, {
			method: init.method ?? 'GET',
			headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body)
		});
	} catch {
		throw new ApiCallError(0, 'The server cannot be reached. Check your connection and try again.');
	}
	const data = await response.json().catch(() => null);
	if (!response.ok) throw new ApiCallError(response.status, (data as { message?: string } | null)?.message ?? `The server answered ${response.status}.`);
	return data as T;
}
