import { fail, redirect } from '@sveltejs/kit';
import { AccountError, acceptInvite } from '$lib/server/accounts';
import { getAppContext } from '$lib/server/app-context';
import * as auth from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const ctx = getAppContext();
	const userId = ctx.invites.check(params.token);
	const user = userId === null ? undefined : ctx.users.byId(userId);
	return { valid: !!user?.active, email: user?.active ? user.email : null };
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url }) => {
		const form = await request.formData();
		const password = form.get('password');
		const repeat = form.get('repeat');
		if (typeof password !== 'string' || typeof repeat !== 'string') return fail(400, { message: 'Enter the new password twice.' });
		if (password !== repeat) return fail(400, { message: 'The two passwords differ.' });
		const ctx = getAppContext();
		let userId: number;
		try {
			userId = await acceptInvite(ctx, params.token, password);
		} catch (e) {
			if (e instanceof AccountError) return fail(400, { message: e.message });
			throw e;
		}
		const { token } = ctx.sessions.create(userId);
		cookies.set(auth.SESSION_COOKIE, token, auth.cookieOptions(url));
		redirect(303, '/');
	}
};
