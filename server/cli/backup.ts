// `npm run backup -- <file>`: an online copy of the database through SQLite's
// backup API, consistent even while the server is running and writing.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../../src/lib/server/config';

const USAGE = `Usage: npm run backup -- <file>

  Copies the database (DATA_DIR/planning-board.sqlite) to <file>, which must
  not exist yet. Safe while the server runs. To restore, stop the server and
  put the copy in place of the database (remove the -wal and -shm files next
  to the old one).

Environment: DATA_DIR (default ./data).`;

const SQL_BOARDS = `SELECT COUNT(*) FROM boards`;

class BackupError extends Error {}

async function backup(source: string, target: string): Promise<void> {
	if (!existsSync(source)) throw new BackupError(`There is no database at ${source}. Set DATA_DIR to the server's folder.`);
	if (existsSync(target)) throw new BackupError(`${target} already exists; a backup never overwrites a file. Choose a new name.`);
	const started = performance.now();
	// Not openDatabase: a backup must not migrate (or otherwise write to) the live database.
	const db = new Database(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		if (!((db.pragma('user_version', { simple: true }) as number) > 0)) {
			throw new BackupError(`${source} is not a Planning Board database.`);
		}
		await db.backup(target);
	} finally {
		db.close();
	}
	// The copy carries the source's WAL mode; one self-contained file is easier to move and restore.
	const copy = new Database(target, { fileMustExist: true });
	let boards: number;
	try {
		copy.pragma('journal_mode = DELETE');
		const check = copy.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new BackupError(`The copy at ${target} failed SQLite's check: ${check}`);
		boards = copy.prepare(SQL_BOARDS).pluck().get() as number;
	} finally {
		copy.close();
	}
	const mib = (statSync(target).size / 2 ** 20).toFixed(1);
	const ms = Math.round(performance.now() - started);
	console.log(`Backed up ${source} to ${target} (${boards} boards, ${mib} MiB) in ${ms} ms.`);
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
		console.log(USAGE);
		process.exit(args.length === 1 ? 0 : 2);
	}
	const root = fileURLToPath(new URL('../..', import.meta.url));
	const { dbPath } = configFromEnv(process.env, root);
	// npm runs scripts in the project folder; a relative <file> means the folder the command was typed in.
	const target = resolve(process.env.INIT_CWD ?? process.cwd(), args[0]);
	await backup(dbPath, target);
}

main().catch((e: Error) => {
	console.error(e instanceof BackupError ? e.message : `Backup failed: ${e.message}`);
	process.exit(1);
});
