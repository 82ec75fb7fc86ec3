import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import type { Role } from './users';

/**
 * Sessions after the Lucia guide ("Basic session implementation" with an
 * inactivity timeout): a token `<id>.<secret>` in an HttpOnly cookie, only the
 * SHA-256 of the secret stored; the separate id keeps the lookup free of
 * timing leaks and the hash comparison is constant-time.
 */

export const SESSION_COOKIE = 'pb_session';
/** A session not used for this long expires (sliding expiry). */
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
/** How often a used session's last-seen time is written (not on every request). */
const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

const SQL_INSERT = `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_verified_at) VALUES (?, ?, ?, ?, ?)`;
const SQL_GET = `SELECT s.id, s.secret_hash AS secretHash, s.last_verified_at AS lastVerifiedAt,
	u.id AS userId, u.email, u.name, u.role, u.body, u.active
	FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`;
const SQL_TOUCH = `UPDATE sessions SET last_verified_at = ? WHERE id = ?`;
const SQL_DELETE = `DELETE FROM sessions WHERE id = ?`;
const SQL_DELETE_FOR_USER = `DELETE FROM sessions WHERE user_id = ?`;

/** The signed-in user as every request and socket sees it. */
export interface SessionUser {
	id: number;
	email: string;
	name: string;
	role: Role;
	body: string | null;
}

export interface Session {
	id: string;
	lastVerifiedAt: number;
}

export type SessionValidation = { session: Session; user: SessionUser } | null;

// a-z and 0-9 without l, o, 0, 1: 32 symbols, 5 bits each.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 24 characters from a CSPRNG: 120 bits of entropy. */
export function generateSecureRandomString(): string {
	const bytes = randomBytes(24);
	let out = '';
	for (const b of bytes) out += ALPHABET[b >> 3];
	return out;
}

function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

/** Session storage and validation on one database. */
export class Sessions {
	#insert;
	#get;
	#touch;
	#delete;
	#deleteForUser;

	constructor(db: Db) {
		this.#insert = db.prepare(SQL_INSERT);
		this.#get = db.prepare(SQL_GET);
		this.#touch = db.prepare(SQL_TOUCH);
		this.#delete = db.prepare(SQL_DELETE);
		this.#deleteForUser = db.prepare(SQL_DELETE_FOR_USER);
	}

	/** Creates a session; the returned token goes to the client once and is never stored. */
	create(userId: number, now = Date.now()): { token: string; session: Session } {
		const id = generateSecureRandomString();
		const secret = generateSecureRandomString();
		this.#insert.run(id, userId, hashSecret(secret), now, now);
		return { token: `${id}.${secret}`, session: { id, lastVerifiedAt: now } };
	}

	/** The session and user of a token, or null when it is malformed, unknown, expired or the user is deactivated. */
	validate(token: string | undefined | null, now = Date.now()): SessionValidation {
		if (!token) return null;
		const parts = token.split('.');
		if (parts.length !== 2 || parts[0].length !== 24 || parts[1].length !== 24) return null;
		const [id, secret] = parts;
		const row = this.#get.get(id) as
			| { id: string; secretHash: Buffer; lastVerifiedAt: number; userId: number; email: string; name: string; role: Role; body: string | null; active: number }
			| undefined;
		if (!row) return null;
		if (!timingSafeEqual(hashSecret(secret), row.secretHash)) return null;
		if (now - row.lastVerifiedAt >= INACTIVITY_TIMEOUT_MS || !row.active) {
			this.#delete.run(id);
			return null;
		}
		let lastVerifiedAt = row.lastVerifiedAt;
		if (now - lastVerifiedAt >= ACTIVITY_CHECK_INTERVAL_MS) {
			lastVerifiedAt = now;
			this.#touch.run(now, id);
		}
		return {
			session: { id, lastVerifiedAt },
			user: { id: row.userId, email: row.email, name: row.name, role: row.role, body: row.body }
		};
	}

	invalidate(sessionId: string): void {
		this.#delete.run(sessionId);
	}

	/** "Log out everywhere", and what deactivating a user does. */
	invalidateAllForUser(userId: number): void {
		this.#deleteForUser.run(userId);
	}
}

/** Reads one cookie from a raw `Cookie` header (for the WebSocket upgrade, outside SvelteKit). */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i !== -1 && part.slice(0, i).trim() === name) {
			try {
				return decodeURIComponent(part.slice(i + 1).trim());
			} catch {
				return undefined;
			}
		}
	}
	return undefined;
}

/** Cookie attributes of the session cookie: Secure whenever the site is served over https. */
export function cookieOptions(url: URL) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: url.protocol === 'https:',
		maxAge: INACTIVITY_TIMEOUT_MS / 1000
	};
}
