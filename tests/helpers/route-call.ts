import type { RequestEvent } from '@sveltejs/kit';
import { getAppContext, type AppContext } from '../../src/lib/server/app-context';
import type { SessionUser } from '../../src/lib/server/identity/auth';
import { APA_BOARD, signIn, type UserSpec } from './collab-server';

/**
 * Calls a SvelteKit endpoint as SvelteKit does: a RequestEvent with
 * `locals.app` and `locals.user` set as `handle` sets them (the process's
 * context unless `app` is given), from this site's Origin unless told otherwise.
 */

export const ORIGIN = 'http://board.test';

export interface Call {
	user: SessionUser | null;
	method?: string;
	path?: string;
	params?: Record<string, string>;
	body?: unknown;
	origin?: string | null;
	app?: AppContext;
}

export function routeEvent({ user, method = 'GET', path = '/', params = {}, body, origin = ORIGIN, app = getAppContext() }: Call): RequestEvent {
	const url = new URL(path, ORIGIN);
	const headers = new Headers({ 'content-type': 'application/json' });
	if (origin) headers.set('origin', origin);
	const raw = body === undefined || typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
	const request = new Request(url, { method, headers, body: raw as BodyInit | undefined });
	return { url, request, params: { id: APA_BOARD, ...params }, locals: { app, user, session: null } } as unknown as RequestEvent;
}

type Handler = (event: never) => Response | Promise<Response>;

/** The handler's answer: its status and JSON body. */
export async function callRoute(handler: Handler, c: Call): Promise<{ status: number; data: Record<string, unknown> }> {
	const response = await handler(routeEvent(c) as never);
	return { status: response.status, data: await response.json() };
}

/** A signed-in person as both an endpoint sees them (`user`) and a socket needs them (`token`). */
export function sessionPerson(ctx: Parameters<typeof signIn>[0], spec: UserSpec & { name: string }): { user: SessionUser; token: string } {
	const u = signIn(ctx, spec);
	return { user: { id: u.id, email: `${u.id}@x.test`, name: spec.name, role: u.role, body: u.body }, token: u.token };
}
