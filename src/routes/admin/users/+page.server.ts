import { z } from 'zod';
import { badRequest, notFound } from '$lib/server/app-error';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	identity.requireRole(locals, 'secretariat');
	const ctx = locals.app;
	return {
		users: ctx.users.list().map(({ passwordHash, ...u }) => ({ ...u, hasPassword: passwordHash !== null })),
		bodies: boards.listBodies(ctx.db).filter((b) => !b.parent)
	};
};

const field = z.string().trim().default('');
/** The account's own rules (email, role, body) are `Accounts.create`'s, shared with the CLI. */
const NEW_ACCOUNT = z.object({ email: field, name: field, role: field, body: field });
const TARGET = z.object({ id: z.coerce.number().int().positive().catch(0) });

/** The account a form's `id` names; 404 when there is none. */
function targetUser(locals: App.Locals, id: number) {
	const user = locals.app.users.byId(id);
	if (!user) throw notFound('No such account.');
	return user;
}

export const actions: Actions = {
	create: http.formAction(
		NEW_ACCOUNT,
		async (input, { locals, url }) => {
			const me = identity.requireRole(locals, 'secretariat');
			const account = { ...input, role: input.role as identity.Role, body: input.body || null };
			const { user, inviteToken } = await locals.app.accounts.create(account, me.id);
			return { created: user.email, link: `${url.origin}/invite/${inviteToken}` };
		},
		{ keep: ['email', 'name', 'role', 'body'] }
	),
	deactivate: http.formAction(TARGET, ({ id }, { locals }) => {
		const me = identity.requireRole(locals, 'secretariat');
		const user = targetUser(locals, id);
		if (user.id === me.id) throw badRequest('You cannot deactivate your own account.');
		locals.app.accounts.deactivate(user.id);
		return { done: `${user.email} is deactivated; their sessions and connections have ended.` };
	}),
	reactivate: http.formAction(TARGET, ({ id }, { locals }) => {
		identity.requireRole(locals, 'secretariat');
		const user = targetUser(locals, id);
		locals.app.accounts.reactivate(user.id);
		return { done: `${user.email} can sign in again.` };
	}),
	reset: http.formAction(TARGET, ({ id }, { locals, url }) => {
		const me = identity.requireRole(locals, 'secretariat');
		const user = targetUser(locals, id);
		const token = locals.app.accounts.resetPassword(user.id, me.id);
		return { done: `Send this link to ${user.email} to set a new password (valid 7 days):`, link: `${url.origin}/invite/${token}` };
	})
};
