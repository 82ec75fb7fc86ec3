import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, badRequest } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoad } from './$types';
import { safeNext } from '$lib/safe-next';

// Compared against when the account does not exist, so both cases take as long.
const DUMMY_HASH =
	'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Only same-site paths: an open redirect would make the login page a phishing tool. */

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

const ENTER = 'Enter your email and password.';
const CREDENTIALS = z.object({ email: z.string({ error: ENTER }).trim().min(1, ENTER), password: z.string({ error: ENTER }).min(1, ENTER) });

export const actions: Actions = {
	default: http.formAction(
		CREDENTIALS,
		async ({ email, password }, { cookies, url, getClientAddress, locals }) => {
			const ctx = locals.app;
			const address = getClientAddress();
			const wait = ctx.loginThrottle.retryAfter(email, address);
			if (wait > 0) {
				const minutes = Math.ceil(wait / 60_000);
				throw new AppError(429, `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
			}
			const user = ctx.users.byEmail(email);
			const ok = await identity.verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
			if (!user || !ok || !user.active) {
				ctx.loginThrottle.fail(email, address);
				// One message for every failure: no hint whether the account exists.
				throw badRequest('Email or password is not right.');
			}
			ctx.loginThrottle.succeed(email);
			const { token } = ctx.sessions.create(user.id);
			cookies.set(identity.SESSION_COOKIE, token, identity.cookieOptions(url));
			redirect(303, safeNext(url.searchParams.get('next')));
		},
		{ keep: ['email'] }
	)
};
