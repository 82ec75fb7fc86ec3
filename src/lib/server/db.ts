import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

const SQL_ANY_TABLE = `SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1`;

/** Thrown when the file at the configured path is not a Planning Board database. */
export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the SQLite database at `path`, or an in-memory one
 * for `':memory:'`, and brings its schema up to date.
 */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') {
		try {
			mkdirSync(dirname(path), { recursive: true });
		} catch (e) {
			throw new DatabaseOpenError(
				`Cannot create the database folder ${dirname(path)}: ${(e as Error).message}. Point DATA_DIR at a folder.`
			);
		}
	}
	let db: Db | undefined;
	let opened = false;
	try {
		db = new Database(path);
		// WAL: readers never block the single writer, and a commit is one fsync'd append.
		db.pragma('journal_mode = WAL');
		opened = true;
		db.pragma('synchronous = FULL');
		db.pragma('foreign_keys = ON');
		db.pragma('busy_timeout = 5000');
		migrate(db);
		return db;
	} catch (e) {
		db?.close();
		if (e instanceof DatabaseOpenError) throw e;
		// Not an SQLite file (SQLITE_NOTADB), or a damaged one: say where and what to do, not just SQLite's words.
		// Other errors once the file is open are bugs (e.g. in a migration), not a bad file.
		if (opened && !/^SQLITE_(NOTADB|CORRUPT)/.test((e as { code?: string }).code ?? '')) throw e;
		throw new DatabaseOpenError(
			`Cannot open the database at ${path}: ${(e as Error).message}. ` +
				'Is it an SQLite file? Move it away or point DATA_DIR elsewhere; if it is a damaged Planning Board database, restore a backup (npm run backup).'
		);
	}
}

/** Applies the migrations the database has not seen yet; returns how many ran. */
export function migrate(db: Db): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current === 0 && db.prepare(SQL_ANY_TABLE).get()) {
		// Migrating would write our tables into someone else's database.
		throw new DatabaseOpenError(
			`The database at ${db.name} belongs to another application: it has tables but no Planning Board schema version. ` +
				'Move it away or point DATA_DIR elsewhere.'
		);
	}
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
