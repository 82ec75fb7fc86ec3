import type { Db } from './db';

export const ROLES = ['observer', 'delegate', 'chair', 'secretariat'] as const;
export type Role = (typeof ROLES)[number];

const SQL_INSERT = `INSERT INTO users (email, name, role, body, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`;
const SQL_BY_EMAIL = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users WHERE email = ?`;
const SQL_BY_ID = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users WHERE id = ?`;
const SQL_LIST = `SELECT id, email, name, role, body, active, password_hash AS passwordHash FROM users ORDER BY role, body, name`;
const SQL_COUNT = `SELECT COUNT(*) FROM users`;

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

	constructor(db: Db) {
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
}
