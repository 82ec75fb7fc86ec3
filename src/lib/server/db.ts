import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/** Thrown when the file at the configured path is not a Planning Board database. */
export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the SQLite database at `path`, or an in-memory one
 * for `':memory:'`, and brings its schema up to date.
 */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	let db: Db;
	try {
		db = new Database(path);
		// WAL: readers never block the single writer, and a commit is one fsync'd append.
		db.pragma('journal_mode = WAL');
	} catch (e) {
		throw new DatabaseOpenError(
			`Cannot open the database at ${path}: ${(e as Error).message}. ` +
				'Is it an SQLite file? Move it away or point DATA_DIR elsewhere.'
		);
	}
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

/** Applies the migrations the database has not seen yet; returns how many ran. */
export function migrate(db: Db): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > MIGRATIONS.length) {
		throw new DatabaseOpenError(
			`The database schema (version ${current}) is newer than this app (${MIGRATIONS.length}). Upgrade the app.`
		);
	}
	const pending = MIGRATIONS.slice(current);
	pending.forEach((sql, i) => {
		db.transaction(() => {
			db.exec(sql);
			db.pragma(`user_version = ${current + i + 1}`);
		})();
	});
	return pending.length;
}
