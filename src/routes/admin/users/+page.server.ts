import { fail } from '@sveltejs/kit';
import {
	AccountError,
	createAccount,
	deactivateAccount,
	reactivateAccount,
	resetPassword
} from '$lib/server/accounts';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import { requireRole } from '$lib/server/guards';
import type { Role } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'secretariat');
	const ctx = getAppContext();
	return {
		users: ctx.users.list().map(({ passwordHash, ...u }) => ({ ...u, hasPassword: passwordHash !== null })),
		bodies: listBodies(ctx.db).filter((b) => !b.parent)
	};
};

function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
}

function targetUser(form: FormData) {
	const id = Number(text(form, 'id'));
	const user = Number.isInteger(id) ? getAppContext().users.byId(id) : undefined;
	return user ?? null;
}

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const me = requireRole(locals, 'secretariat');
		const form = await request.formData();
		const input = {
			email: text(form, 'email'),
			name: text(form, 'name'),
			role: text(form, 'role') as Role,
			body: text(form, 'body') || null
		};
		try {
			const { user, inviteToken } = await createAccount(getAppContext(), input, me.id);
			return { created: user.email, link: `${url.origin}/invite/${inviteToken}` };
		} catch (e) {
			if (e instanceof AccountError) return fail(400, { ...input, message: e.message });
			throw e;
		}
	},
	deactivate: async ({ request, locals }) => {
		const me = requireRole(locals, 'secretariat');
		const user = targetUser(await request.formData());
		if (!user) return fail(404, { message: 'No such account.' });
		if (user.id === me.id) return fail(400, { message: 'You cannot deactivate your own account.' });
		deactivateAccount(getAppContext(), user.id);
		return { done: `${user.email} is deactivated; their sessions and connections have ended.` };
	},
	reactivate: async ({ request, locals }) => {
		requireRole(locals, 'secretariat');
		const user = targetUser(await request.formData());
		if (!user) return fail(404, { message: 'No such account.' });
		reactivateAccount(getAppContext(), user.id);
		return { done: `${user.email} can sign in again.` };
	},
	reset: async ({ request, locals, url }) => {
		const me = requireRole(locals, 'secretariat');
		const user = targetUser(await request.formData());
		if (!user) return fail(404, { message: 'No such account.' });
		const token = resetPassword(getAppContext(), user.id, me.id);
		return { done: `Send this link to ${user.email} to set a new password (valid 7 days):`, link: `${url.origin}/invite/${token}` };
	}
};
