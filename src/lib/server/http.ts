import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { SessionUser } from './auth';
import { CommentError } from './comments';

/** An expected problem with an API request, answered as `{ message }` JSON with `status`. */
export class ApiError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404,
		message: string
	) {
		super(message);
	}
}

/**
 * Runs a JSON endpoint for the signed-in user. Writes must come from this
 * site: SvelteKit's own origin check covers form posts only, so a request
 * that is not GET needs an `Origin` header equal to the site's origin
 * (browsers always send it on fetch POSTs; a cross-site page cannot forge
 * it). Expected problems become 4xx JSON; anything else is a real bug.
 */
export async function endpoint(event: RequestEvent, run: (user: SessionUser) => Response | Promise<Response>): Promise<Response> {
	try {
		const user = event.locals.user;
		if (!user) throw new ApiError(401, 'Sign in first.');
		if (event.request.method !== 'GET' && event.request.headers.get('origin') !== event.url.origin) {
			throw new ApiError(403, 'Cross-site request refused: send it from the Planning Board page.');
		}
		return await run(user);
	} catch (e) {
		if (e instanceof ApiError || e instanceof CommentError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
}

/** The request's JSON body checked against `schema`; ApiError 400 saying what is wrong otherwise. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
	let data: unknown;
	try {
		data = await request.json();
	} catch {
		throw new ApiError(400, 'Send a JSON body.');
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ApiError(400, issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
	}
	return parsed.data;
}

/** A positive integer route parameter (an id), or ApiError 404. */
export function idParam(value: string, what: string): number {
	const id = Number(value);
	if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(id)) throw new ApiError(404, `No such ${what}.`);
	return id;
}
