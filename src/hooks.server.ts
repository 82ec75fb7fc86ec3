import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getAppContext } from '$lib/server/app-context';
import { SIGN_IN_FIRST } from '$lib/server/app-error';
import * as identity from '$lib/server/identity';

/** Paths anyone may open without a session. */
const PUBLIC_PATHS = ['/login', '/invite/', '/healthz'];

/**
 * The one place a request meets the process-wide context (set by the Node
 * entry): every route and helper after it reads `event.locals.app`, so a test
 * can hand a route a context of its own.
 */
const provideContext: Handle = async ({ event, resolve }) => {
	event.locals.app = getAppContext();
	return resolve(event);
};

const handleSession: Handle = async ({ event, resolve }) => {
	const { sessions } = event.locals.app;
	const token = event.cookies.get(identity.SESSION_COOKIE);
	const validated = sessions.validate(token);
	if (validated) {
		// Sliding expiry: the cookie lives as long as the session may stay idle.
		event.cookies.set(identity.SESSION_COOKIE, token!, identity.cookieOptions(event.url));
	} else if (token) {
		event.cookies.delete(identity.SESSION_COOKIE, { path: '/' });
	}
	event.locals.user = validated?.user ?? null;
	event.locals.session = validated?.session ?? null;
	return resolve(event);
};

const requireSession: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.user && !PUBLIC_PATHS.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) {
		if (path.startsWith('/api/')) {
			return new Response(JSON.stringify({ message: SIGN_IN_FIRST }), {
				status: 401,
				headers: { 'content-type': 'application/json' }
			});
		}
		redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
	}
	return resolve(event);
};

export const handle = sequence(provideContext, handleSession, requireSession);
