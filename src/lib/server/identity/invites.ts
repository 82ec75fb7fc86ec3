import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';

/** How long an invite or reset link stays valid. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const SQL_INSERT = `INSERT INTO invites (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`;
const SQL_GET = `SELECT user_id AS userId, expires_at AS expiresAt, used_at AS usedAt FROM invites WHERE token_hash = ?`;
const SQL_USE = `UPDATE invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`;
const SQL_REVOKE_FOR_USER = `UPDATE invites SET used_at = ? WHERE user_id = ? AND used_at IS NULL`;

function hash(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}

/**
 * One-time links that let a person set their password: invitations for new
 * accounts and password resets. Only a hash of the token is stored; issuing
 * a new link revokes the user's older ones.
 */
export class Invites {
	#insert;
	#get;
	#use;
	#revokeForUser;

	constructor(db: Db) {
		this.#insert = db.prepare(SQL_INSERT);
		this.#get = db.prepare(SQL_GET);
		this.#use = db.prepare(SQL_USE);
		this.#revokeForUser = db.prepare(SQL_REVOKE_FOR_USER);
	}

	/** Issues a link token for `userId`, revoking earlier unused ones. */
	issue(userId: number, createdBy: number | null, now = Date.now()): { token: string; expiresAt: number } {
		const token = randomBytes(24).toString('base64url');
		this.#revokeForUser.run(now, userId);
		this.#insert.run(hash(token), userId, createdBy, now, now + INVITE_TTL_MS);
		return { token, expiresAt: now + INVITE_TTL_MS };
	}

	/** The user an unused, unexpired token is for; null otherwise. */
	check(token: string, now = Date.now()): number | null {
		if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
		const row = this.#get.get(hash(token)) as { userId: number; expiresAt: number; usedAt: number | null } | undefined;
		if (!row || row.usedAt !== null || row.expiresAt <= now) return null;
		return row.userId;
	}

	/** Marks the token used; false when it was already used (a race between two tabs). */
	consume(token: string, now = Date.now()): boolean {
		return this.#use.run(now, hash(token)).changes === 1;
	}

	revokeAll(userId: number, now = Date.now()): void {
		this.#revokeForUser.run(now, userId);
	}
}
