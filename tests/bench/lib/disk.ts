import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats';

/**
 * What one durable commit costs on this disk right now: single-row
 * transactions in WAL mode with `synchronous = FULL`, as the server makes
 * them. On a shared machine this moves with the neighbours' I/O, and it is
 * the floor under our server's latency that the reference does not pay.
 */
export function commitLatency(commits = 200): { p50: number; p95: number } {
	const dir = mkdtempSync(join(tmpdir(), 'planning-board-fsync-'));
	const db = new Database(join(dir, 'probe.sqlite'));
	try {
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = FULL');
		db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)');
		const insert = db.prepare('INSERT INTO t (data) VALUES (?)');
		const payload = Buffer.alloc(40);
		const times: number[] = [];
		for (let i = 0; i < commits; i++) {
			const started = performance.now();
			insert.run(payload);
			times.push(performance.now() - started);
		}
		return { p50: percentile(times, 50), p95: percentile(times, 95) };
	} finally {
		db.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
