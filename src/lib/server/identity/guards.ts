import { error } from '@sveltejs/kit';
import { SIGN_IN_FIRST } from '../app-error';
import type { SessionUser } from './auth';
import type { Role } from './users';

/** The signed-in user; 401 otherwise. For actions that check finer rules themselves (the services do). */
export function requireUser(locals: App.Locals): SessionUser {
	if (!locals.user) error(401, SIGN_IN_FIRST);
	return locals.user;
}

/** The signed-in user when they have one of `roles`; 401/403 otherwise. Call at the top of every load and action that needs it. */
export function requireRole(locals: App.Locals, ...roles: Role[]): SessionUser {
	const user = requireUser(locals);
	if (!roles.includes(user.role)) error(403, `Only the ${roles.join(' or ')} can do this.`);
	return user;
}
