import { SIGNED_OUT_REASON } from '../../signed-out';
import { badRequest } from '../app-error';
import { listBodies } from '../boards/bodies';
import type { Rooms } from '../collab/rooms';
import type { Db } from '../db';
import type { Sessions } from './auth';
import type { Invites } from './invites';
import { hashPassword, passwordProblem } from './password';
import { userProblem, type Role, type UserRow, type Users } from './users';

export interface NewAccount {
	email: string;
	name: string;
	role: Role;
	body: string | null;
	/** Set directly (CLI); when absent the account gets an invite link instead. */
	password?: string;
}

/** What account administration touches: the registry of bodies, the accounts, their sessions, invites and open connections. */
export interface AccountsDeps {
	db: Db;
	users: Users;
	sessions: Sessions;
	invites: Invites;
	rooms: Rooms;
}

/**
 * Account administration shared by the secretariat's pages and the
 * `npm run user` CLI: every rule about accounts is checked here once.
 */
export class Accounts {
	#deps;

	constructor(deps: AccountsDeps) {
		this.#deps = deps;
	}

	/** A new account, with an invite link to choose a password unless `input.password` is given. */
	async create(input: NewAccount, createdBy: number | null): Promise<{ user: UserRow; inviteToken: string | null }> {
		const { db, users, invites } = this.#deps;
		const problem = userProblem(input, listBodies(db).map((b) => b.code));
		if (problem) throw badRequest(problem);
		if (users.byEmail(input.email)) throw badRequest(`An account with the email ${input.email} already exists.`);
		if (input.password !== undefined) {
			const weak = passwordProblem(input.password);
			if (weak) throw badRequest(weak);
		}
		const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
		const user = users.create({ ...input, body: input.body || null, passwordHash });
		const inviteToken = passwordHash ? null : invites.issue(user.id, createdBy).token;
		return { user, inviteToken };
	}

	/** Deactivates an account: its sessions end and its open board connections close at once. */
	deactivate(userId: number): void {
		const { users, sessions, invites, rooms } = this.#deps;
		users.setActive(userId, false);
		sessions.invalidateAllForUser(userId);
		invites.revokeAll(userId);
		rooms.disconnectUser(userId, SIGNED_OUT_REASON.deactivated);
	}

	reactivate(userId: number): void {
		this.#deps.users.setActive(userId, true);
	}

	/**
	 * Starts a password reset: the old password stops working at once (a reset is
	 * often because it leaked), the user's sessions end, and a one-time link token
	 * to choose a new one is returned.
	 */
	resetPassword(userId: number, by: number | null): string {
		const { users, sessions, invites, rooms } = this.#deps;
		users.setPasswordHash(userId, null);
		sessions.invalidateAllForUser(userId);
		rooms.disconnectUser(userId, SIGNED_OUT_REASON.passwordReset);
		return invites.issue(userId, by).token;
	}

	/** Sets the password from an invite or reset link; returns the user id. */
	async acceptInvite(token: string, password: string): Promise<number> {
		const { users, invites } = this.#deps;
		const userId = invites.check(token);
		if (userId === null) throw badRequest('This link has expired or was already used. Ask the secretariat for a new one.');
		const weak = passwordProblem(password);
		if (weak) throw badRequest(weak);
		const hash = await hashPassword(password);
		if (!invites.consume(token)) throw badRequest('This link was already used.');
		users.setPasswordHash(userId, hash);
		return userId;
	}
}
