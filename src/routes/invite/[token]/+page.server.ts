import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { badRequest } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const ctx = locals.app;
	const userId = ctx.invites.check(params.token);
	const user = userId === null ? undefined : ctx.users.byId(userId);
	return { valid: !!user?.active, email: user?.active ? user.email : null };
};

const NEW_PASSWORD = z.object({ password: z.string(), repeat: z.string() }, { error: 'Enter the new password twice.' });

export const actions: Actions = {
	default: http.formAction(NEW_PASSWORD, async ({ password, repeat }, { params, cookies, url, locals }) => {
		if (password !== repeat) throw badRequest('The two passwords differ.');
		const ctx = locals.app;
		const userId = await ctx.accounts.acceptInvite(params.token, password);
		const { token } = ctx.sessions.create(userId);
		cookies.set(identity.SESSION_COOKIE, token, identity.cookieOptions(url));
		redirect(303, '/');
	})
};
