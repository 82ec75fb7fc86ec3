import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entriesMap, mapOf } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import { DatabaseOpenError, openDatabase } from '$lib/server/db';
import { DocStore, LEGACY_DOC } from '$lib/server/collab/doc-store';
import { MIGRATIONS } from '$lib/server/migrations';
import { startServer } from '../../server/app-server';
import { addEntry, entryText } from '../helpers/board-edits';
import { APA_BOARD, dbPathOf, ROOT, signIn, testConfig } from '../helpers/collab-server';
import { seededDocs, seeds } from '../helpers/seeded-doc';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

const bed = serverTestBed();
const dataDir = () => bed.folder();

/** Runs a TypeScript entry with tsx, as the npm scripts do; resolves with its exit code and output. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${args.join(' ')} did not exit within 15 s: ${stdout}${stderr}`));
		}, 15_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * The APA board as the first release held it: ONE Yjs document with the
 * structure, the leads and every body's entries (each naming its `body`).
 */
function firstReleaseDoc(): Y.Doc {
	const docs = seededDocs();
	const legacy = new Y.Doc();
	// The plan's shared types (meta, parts, categories, provisions, leads) have the old names.
	Y.applyUpdate(legacy, Y.encodeStateAsUpdate(docs.plan));
	for (const [body, doc] of docs.bodies) {
		Y.applyUpdate(legacy, Y.encodeStateAsUpdate(doc));
		legacy.transact(() => entriesMap(doc).forEach((_entry, id) => entriesMap(legacy).get(id)!.set('body', body)));
	}
	docs.destroy();
	return legacy;
}

const SQL_FIRST_RELEASE_CHECKPOINT = `INSERT INTO doc_checkpoints (board_id, upto_seq, state, created_at) VALUES (?, ?, ?, 0)`;
const SQL_FIRST_RELEASE_APPEND = `INSERT INTO doc_updates (board_id, seq, data, user_id, created_at) VALUES (?, ?, ?, ?, 0)`;

/**
 * A database as the first release wrote it: only migration 1, the bodies, a
 * user, the APA board's checkpoint and one update typed into an entry after it.
 */
function writeFirstReleaseDatabase(path: string): { entryId: string; text: string } {
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.exec(MIGRATIONS[0]);
	db.pragma('user_version = 1');
	const insertBody = db.prepare(`INSERT INTO bodies (code, name, pillar, parent, position) VALUES (?, ?, ?, ?, ?)`);
	seeds().bodies.bodies.forEach((b, i) => insertBody.run(b.code, b.name, b.pillar, null, i));
	db.prepare(`INSERT INTO users (email, name, role, body, created_at) VALUES ('old@test.example', 'Old Delegate', 'delegate', 'SOMTC', 0)`).run();
	db.prepare(`INSERT INTO boards (id, title, as_of, status, created_at) VALUES (?, 'APA (first release)', '2016-05-31', 'open', 0)`).run(APA_BOARD);
	const doc = firstReleaseDoc();
	db.prepare(SQL_FIRST_RELEASE_CHECKPOINT).run(APA_BOARD, 0, Buffer.from(Y.encodeStateAsUpdate(doc)));
	const before = Y.encodeStateVector(doc);
	const board = readLegacy(doc);
	const entryId = 'typed-before-upgrade';
	doc.transact(() =>
		entriesMap(doc).set(
			entryId,
			mapOf({
				provision: board.provisions[0],
				category: board.categories[0],
				body: 'SOMTC',
				text: new Y.Text('typed before the upgrade'),
				status: 'proposed',
				uncertain: false,
				order: 1000
			})
		)
	);
	db.prepare(SQL_FIRST_RELEASE_APPEND).run(APA_BOARD, 1, Buffer.from(Y.encodeStateAsUpdate(doc, before)), 1);
	db.prepare(`INSERT INTO meta (key, value) VALUES ('seeded', '2016-06-01')`).run();
	db.close();
	return { entryId, text: 'typed before the upgrade' };
}

/** The ids of the first release document's provisions and categories, in order. */
function readLegacy(doc: Y.Doc): { provisions: string[]; categories: string[] } {
	const ids = (name: string) => doc.getArray<Y.Map<string>>(name).map((m) => m.get('id')!);
	return { provisions: ids('provisions'), categories: ids('categories') };
}

/** An entry's text in the first release's one document. */
function legacyEntryText(doc: Y.Doc, entryId: string): string | undefined {
	return entriesMap(doc).get(entryId)?.get('text')?.toString();
}

describe('database', () => {
	it('brings a database from an older migration up to date, keeping its data, and serves it', async () => {
		const dir = dataDir();
		const { entryId, text } = writeFirstReleaseDatabase(dbPathOf(dir));

		const db = openDatabase(dbPathOf(dir));
		expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
		expect(db.prepare(`SELECT email FROM users`).pluck().all()).toEqual(['old@test.example']);
		// Migrations keep the old document as it was (under its name); the server splits it when it starts.
		expect(legacyEntryText(new DocStore(db).load(APA_BOARD, LEGACY_DOC).doc, entryId)).toBe(text);
		db.close();

		const server = await bed.start({ dataDir: dir });
		const token = signIn(server.running.ctx, PEOPLE.somtc).token;
		const client = await bed.client(token, APA_BOARD, server.wsUrl);
		expect(entryText(client.docs, entryId)).toBe(text);
		expect(client.docs.bodyOfEntry(entryId)).toBe('SOMTC');
		expect(readBoard(client.docs).entries).toHaveLength(seeds().matrix.entries.length + 1);
	});

	it.each([
		['random bytes', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256))],
		['a text file', Buffer.from('These are my meeting notes, not a database.\n'.repeat(100))],
		['a damaged SQLite header', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xee)])]
	])('refuses %s at the database path with a clear error and leaves it untouched', async (_name, bytes) => {
		const dir = dataDir();
		const path = dbPathOf(dir);
		writeFileSync(path, bytes);

		const error = (() => {
			try {
				openDatabase(path).close();
			} catch (e) {
				return e as Error;
			}
		})();
		expect(error).toBeInstanceOf(DatabaseOpenError);
		expect(error?.message).toContain(path);
		expect(error?.message).toContain('DATA_DIR');
		await expect(startServer(testConfig(dir))).rejects.toBeInstanceOf(DatabaseOpenError);
		expect(readFileSync(path).equals(bytes)).toBe(true);
	});

	it("refuses another application's SQLite database instead of migrating into it", () => {
		const dir = dataDir();
		const path = dbPathOf(dir);
		const foreign = new Database(path);
		foreign.exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);`);
		foreign.close();

		expect(() => openDatabase(path)).toThrow(/belongs to another application/);
		const after = new Database(path, { readonly: true });
		expect(after.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['invoices']);
		after.close();
	});

	it('refuses a DATA_DIR that is a file', () => {
		const dir = dataDir();
		const notAFolder = join(dir, 'data');
		writeFileSync(notAFolder, 'a file');
		expect(() => openDatabase(dbPathOf(notAFolder))).toThrow(DatabaseOpenError);
	});

	it('the server entry exits once, with code 1 and the message, on a foreign file (no crash loop, no stack trace)', async () => {
		const dir = dataDir();
		writeFileSync(dbPathOf(dir), 'not a database\n'.repeat(50));
		const { code, stdout, stderr } = await run(['server/main.ts'], { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' });
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr.trim()).toMatch(new RegExp(`^Planning Board could not start: Cannot open the database at ${dbPathOf(dir)}: .*DATA_DIR`));
		expect(stderr).not.toMatch(/\n\s+at /);
	});

	it('npm run backup copies the live database while the server writes; a server starts on the copy with the same boards', async () => {
		const dir = dataDir();
		const server = await bed.start({ dataDir: dir });
		const token = signIn(server.running.ctx, PEOPLE.somtc).token;
		const client = await bed.client(token, APA_BOARD, server.wsUrl);
		const saved = addEntry(client.docs, 'in the backup');
		const { store } = server.running.ctx;
		await waitFor(() => entryText(store.loadBoard(APA_BOARD), saved) === 'in the backup', { what: 'the entry to be stored' });

		const target = join(dataDir(), 'copy.sqlite');
		const backup = run(['server/cli/backup.ts', target], { DATA_DIR: dir, INIT_CWD: ROOT });
		// The server keeps writing while the copy is made.
		addEntry(client.docs, 'typed during the backup');
		const { code, stdout, stderr } = await backup;
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout).toContain(`Backed up ${dbPathOf(dir)} to ${target}`);

		// Never overwrites.
		const again = await run(['server/cli/backup.ts', target], { DATA_DIR: dir, INIT_CWD: ROOT });
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('already exists');

		const restoredDir = dataDir();
		copyFileSync(target, dbPathOf(restoredDir));
		expect(existsSync(`${target}-wal`)).toBe(false);
		const restored = await bed.start({ dataDir: restoredDir });
		expect(restored.running.ctx.boards.list().map((b) => b.id)).toEqual(server.running.ctx.boards.list().map((b) => b.id));
		// Sessions are in the copy too: the same cookie signs in.
		const reader = await bed.client(token, APA_BOARD, restored.wsUrl);
		expect(entryText(reader.docs, saved)).toBe('in the backup');
	});
});
