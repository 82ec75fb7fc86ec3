import type { Db } from '../db';
import { ROLES, type Role } from '../../board/permissions';

export { ROLES, type Role };

const SQL_INSERT = `INSERT INTO users (email, name, role, body, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`;
const SQL_BY_EMAIL = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users WHERE email = ?`;
const SQL_BY_ID = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users WHERE id = ?`;
const SQL_LIST = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users ORDER BY role, body, name`;
const SQL_COUNT = `SELECT COUNT(*) FROM users`;
const SQL_SET_ACTIVE = `UPDATE users SET active = ? WHERE id = ?`;
const SQL_SET_PASSWORD = `UPDATE users SET password_hash = ? WHERE id = ?`;
const SQL_UPDATE = `UPDATE users SET name = ?, role = ?, body = ? WHERE id = ?`;

export interface UserRow {
	id: number;
	email: string;
	name: string;
	role: Role;
	body: string | null;
	active: 0 | 1;
	passwordHash: string | null;
}

export interface NewUser {
	email: string;
	name: string;
	role: Role;
	body: string | null;
	passwordHash: string | null;
}

/** User accounts. Passwords arrive here already hashed (see password.ts). */
export class Users {
	#insert;
	#byEmail;
	#byId;
	#list;
	#count;
	#setActive;
	#setPassword;
	#update;

	constructor(db: Db) {
		this.#setActive = db.prepare(SQL_SET_ACTIVE);
		this.#setPassword = db.prepare(SQL_SET_PASSWORD);
		this.#update = db.prepare(SQL_UPDATE);
		this.#insert = db.prepare(SQL_INSERT);
		this.#byEmail = db.prepare(SQL_BY_EMAIL);
		this.#byId = db.prepare(SQL_BY_ID);
		this.#list = db.prepare(SQL_LIST);
		this.#count = db.prepare(SQL_COUNT).pluck();
	}

	create(user: NewUser): UserRow {
		const { lastInsertRowid } = this.#insert.run(
			user.email.trim(),
			user.name.trim(),
			user.role,
			user.body,
			user.passwordHash,
			Date.now()
		);
		return this.byId(Number(lastInsertRowid))!;
	}

	byEmail(email: string): UserRow | undefined {
		return this.#byEmail.get(email.trim()) as UserRow | undefined;
	}

	byId(id: number): UserRow | undefined {
		return this.#byId.get(id) as UserRow | undefined;
	}

	list(): UserRow[] {
		return this.#list.all() as UserRow[];
	}

	count(): number {
		return this.#count.get() as number;
	}

	setActive(id: number, active: boolean): void {
		this.#setActive.run(active ? 1 : 0, id);
	}

	setPasswordHash(id: number, hash: string | null): void {
		this.#setPassword.run(hash, id);
	}

	update(id: number, fields: { name: string; role: Role; body: string | null }): void {
		this.#update.run(fields.name.trim(), fields.role, fields.body, id);
	}
}

/** Checks a user's fields; returns the first problem as a sentence, or null. */
export function userProblem(
	fields: { email: string; name: string; role: string; body: string | null },
	bodyCodes: readonly string[]
): string | null {
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.email.trim())) return 'Enter a valid email address.';
	if (!fields.name.trim()) return 'Enter a name.';
	if (fields.name.length > 120) return 'Use a name of at most 120 characters.';
	if (!(ROLES as readonly string[]).includes(fields.role)) return `Role must be one of: ${ROLES.join(', ')}.`;
	if (fields.role === 'delegate' && !fields.body) return 'A delegate speaks for a sectoral body: choose one.';
	if (fields.body && !bodyCodes.includes(fields.body)) return `Unknown sectoral body ${fields.body}.`;
	return null;
}
