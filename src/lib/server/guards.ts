import { error } from '@sveltejs/kit';
import type { SessionUser } from './auth';
import type { Role } from './users';

/** The signed-in user when they have one of `roles`; 401/403 otherwise. Call at the top of every load and action that needs it. */
export function requireRole(locals: App.Locals, ...roles: Role[]): SessionUser {
	if (!locals.user) error(401, 'Sign in first.');
	if (!roles.includes(locals.user.role)) error(403, `Only the ${roles.join(' or ')} can do this.`);
	return locals.user;
}
