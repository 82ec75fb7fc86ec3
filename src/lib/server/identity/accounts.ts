import { SIGNED_OUT_REASON } from '../../signed-out';
import type { AppContext } from '../app-context';
import { badRequest } from '../app-error';
import { listBodies } from '../boards/bodies';
import { hashPassword, passwordProblem } from './password';
import { userProblem, type Role, type UserRow } from './users';

export interface NewAccount {
	email: string;
	name: string;
	role: Role;
	body: string | null;
	/** Set directly (CLI); when absent the account gets an invite link instead. */
	password?: string;
}

/**
 * Account administration shared by the secretariat's pages and the
 * `npm run user` CLI: every rule about accounts is checked here once.
 */
export async function createAccount(
	ctx: AppContext,
	input: NewAccount,
	createdBy: number | null
): Promise<{ user: UserRow; inviteToken: string | null }> {
	const problem = userProblem(input, listBodies(ctx.db).map((b) => b.code));
	if (problem) throw badRequest(problem);
	if (ctx.users.byEmail(input.email)) throw badRequest(`An account with the email ${input.email} already exists.`);
	if (input.password !== undefined) {
		const weak = passwordProblem(input.password);
		if (weak) throw badRequest(weak);
	}
	const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
	const user = ctx.users.create({ ...input, body: input.body || null, passwordHash });
	const inviteToken = passwordHash ? null : ctx.invites.issue(user.id, createdBy).token;
	return { user, inviteToken };
}

/** Deactivates an account: its sessions end and its open board connections close at once. */
export function deactivateAccount(ctx: AppContext, userId: number): void {
	ctx.users.setActive(userId, false);
	ctx.sessions.invalidateAllForUser(userId);
	ctx.invites.revokeAll(userId);
	ctx.rooms.disconnectUser(userId, SIGNED_OUT_REASON.deactivated);
}

export function reactivateAccount(ctx: AppContext, userId: number): void {
	ctx.users.setActive(userId, true);
}

/**
 * Starts a password reset: the old password stops working at once (a reset is
 * often because it leaked), the user's sessions end, and a one-time link token
 * to choose a new one is returned.
 */
export function resetPassword(ctx: AppContext, userId: number, by: number | null): string {
	ctx.users.setPasswordHash(userId, null);
	ctx.sessions.invalidateAllForUser(userId);
	ctx.rooms.disconnectUser(userId, SIGNED_OUT_REASON.passwordReset);
	return ctx.invites.issue(userId, by).token;
}

/** Sets the password from an invite or reset link; returns the user id. */
export async function acceptInvite(ctx: AppContext, token: string, password: string): Promise<number> {
	const userId = ctx.invites.check(token);
	if (userId === null) throw badRequest('This link has expired or was already used. Ask the secretariat for a new one.');
	const weak = passwordProblem(password);
	if (weak) throw badRequest(weak);
	const hash = await hashPassword(password);
	if (!ctx.invites.consume(token)) throw badRequest('This link was already used.');
	ctx.users.setPasswordHash(userId, hash);
	return userId;
}
