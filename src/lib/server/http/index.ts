import { error, fail, json, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { AppError, badRequest, isAppError, notFound, SIGN_IN_FIRST } from '../app-error';
import type { SessionUser } from '../identity/auth';
import type { BoardRow } from '../boards/boards';

export { livePageData } from './live-page';

/**
 * The HTTP boundary: where an AppError of the services becomes an answer.
 * JSON endpoints (`endpoint`) answer `{ message }` with its status; form
 * actions (`formAction`) answer `fail(status, { message, …kept fields })` so
 * the form shows it, or the error page for 401 and 404 (there is no form to
 * show it on); page loads (`pageLoad`) show the error page. SvelteKit's own
 * `error()` and `redirect()` pass through all three. Anything else is a bug
 * and stays a 500.
 */

/**
 * Runs a JSON endpoint for the signed-in user. Writes must come from this
 * site: SvelteKit's own origin check covers form posts only, so a request
 * that is not GET needs an `Origin` header equal to the site's origin
 * (browsers always send it on fetch POSTs; a cross-site page cannot forge
 * it). A navigation (a download link) that fails gets the error page.
 */
export async function endpoint(event: RequestEvent, run: (user: SessionUser) => Response | Promise<Response>): Promise<Response> {
	try {
		const user = event.locals.user;
		if (!user) throw new AppError(401, SIGN_IN_FIRST);
		if (event.request.method !== 'GET' && event.request.headers.get('origin') !== event.url.origin) {
			throw new AppError(403, 'Cross-site request refused: send it from the Planning Board page.');
		}
		return await run(user);
	} catch (e) {
		if (!isAppError(e)) throw e;
		if (wantsPage(event.request)) error(e.status, e.message);
		return json({ message: e.message }, { status: e.status });
	}
}

/** A browser navigation (not a fetch from the app), which should see the error page rather than JSON. */
function wantsPage(request: Request): boolean {
	return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}

/** A page's load: an AppError from `run` becomes the error page with its status and message. */
export function pageLoad<E, R>(run: (event: E) => R | Promise<R>): (event: E) => Promise<R> {
	return async (event) => {
		try {
			return await run(event);
		} catch (e) {
			if (isAppError(e)) error(e.status, e.message);
			throw e;
		}
	};
}

/** The failure a form action answers with: its message and the kept fields, shown on the page's form. */
export type FormFailure<K extends string = never> = ActionFailure<{ message: string } & { [field in K]?: string }>;

/**
 * A named form action whose fields pass `schema` first (a 400 with the first
 * problem otherwise). An AppError thrown by `run` becomes `fail(status)` with
 * its message and the fields named in `keep` (so the form keeps what was
 * typed; never a password), or the error page for 401 and 404.
 * `redirect()` and `error()` from `run` pass through.
 */
export function formAction<S extends z.ZodType, E extends RequestEvent, R, const K extends string = never>(
	schema: S,
	run: (input: z.output<S>, event: E) => R | Promise<R>,
	{ keep = [] }: { keep?: readonly K[] } = {}
): (event: E) => Promise<R | FormFailure<K>> {
	return async (event) => {
		const form = await event.request.formData();
		const kept: { [field in K]?: string } = {};
		for (const name of keep) {
			const value = form.get(name);
			kept[name] = typeof value === 'string' ? value : '';
		}
		try {
			return await run(parse(schema, Object.fromEntries(form)), event);
		} catch (e) {
			if (!isAppError(e)) throw e;
			if (e.status === 401 || e.status === 404) error(e.status, e.message);
			return fail(e.status, { ...kept, message: e.message });
		}
	};
}

/**
 * `data` checked against `schema`; AppError 400 with the first problem
 * otherwise, after the field's name when `naming` (JSON bodies, whose
 * callers are programs; a form's or a query's problem is a sentence alone).
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown, naming = false): z.output<S> {
	const parsed = schema.safeParse(data);
	if (parsed.success) return parsed.data;
	const { path, message } = parsed.error.issues[0];
	throw badRequest(naming && path.length ? `${path.join('.')}: ${message}` : message);
}

/** The request's JSON body checked against `schema`; AppError 400 (415 when it is not JSON) otherwise. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
	// JSON only: a cross-site form cannot send it without a CORS preflight.
	if (!request.headers.get('content-type')?.startsWith('application/json')) throw new AppError(415, 'Send the request as JSON.');
	let data: unknown;
	try {
		data = await request.json();
	} catch {
		throw badRequest('Send a JSON body.');
	}
	return parse(schema, data, true);
}

/** The URL's query parameters (a repeated one: its last value) checked against `schema`. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
	return parse(schema, Object.fromEntries(url.searchParams));
}

/** A positive integer route parameter (an id), or AppError 404. */
export function idParam(value: string, what: string): number {
	const id = Number(value);
	if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(id)) throw notFound(`No such ${what}.`);
	return id;
}

/** The board the request's `[id]` names; AppError 404 otherwise. */
export function boardOf(event: { params: Partial<Record<string, string>>; locals: App.Locals }): BoardRow {
	return event.locals.app.boards.require(event.params.id ?? '');
}
