import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import * as auth from '$lib/server/auth';
import type { Actions } from './$types';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	here: ({ locals, cookies }) => {
		if (locals.session) {
			const ctx = getAppContext();
			ctx.sessions.invalidate(locals.session.id);
			ctx.rooms.disconnectSession(locals.session.id);
		}
		cookies.delete(auth.SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	},
	everywhere: ({ locals, cookies }) => {
		if (locals.user) {
			const ctx = getAppContext();
			ctx.sessions.invalidateAllForUser(locals.user.id);
			ctx.rooms.disconnectUser(locals.user.id);
		}
		cookies.delete(auth.SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
