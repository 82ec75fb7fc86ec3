import { redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions } from './$types';

export const load = () => redirect(303, '/');

/** Ends this session (or, `everywhere`, every session of the user) and closes the sockets opened with it. */
function signOut(everywhere: boolean) {
	return http.formAction(z.object({}), (_, { locals, cookies }: RequestEvent) => {
		const ctx = locals.app;
		if (everywhere && locals.user) {
			ctx.sessions.invalidateAllForUser(locals.user.id);
			ctx.rooms.disconnectUser(locals.user.id);
		} else if (!everywhere && locals.session) {
			ctx.sessions.invalidate(locals.session.id);
			ctx.rooms.disconnectSession(locals.session.id);
		}
		cookies.delete(identity.SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	});
}

export const actions: Actions = {
	here: signOut(false),
	everywhere: signOut(true)
};
