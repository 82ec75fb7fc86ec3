import { describe, it, expect, beforeEach } from 'vitest';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { ClientIds, clientsOf, decodeUpdateV1Exactly } from '$lib/server/collab/integrity';

const SCHEMA = `CREATE TABLE doc_clients (board_id TEXT NOT NULL, doc TEXT NOT NULL, client_id INTEGER NOT NULL, user_id INTEGER, claimed_at INTEGER NOT NULL, PRIMARY KEY (board_id, doc, client_id)) WITHOUT ROWID;`;

describe('ClientIds', () => {
	let db: Database.Database;
	let ids: ClientIds;
	const claim = (doc: string, clients: number[], user: number | null, on = ids) => db.transaction(() => on.claim('b1', doc, clients, user))();

	beforeEach(() => {
		db = new Database(':memory:');
		db.exec(SCHEMA);
		ids = new ClientIds(db);
	});

	it('lets the first writer of a client id keep it, per document', () => {
		expect(ids.foreignClient('b1', 'plan', [10, 11], 1)).toBeNull();
		claim('plan', [10, 11], 1);
		expect(ids.foreignClient('b1', 'plan', [10, 11], 1)).toBeNull();
		expect(ids.foreignClient('b1', 'plan', [12, 11], 2)).toBe(11);
		// The same id in another document or board is another binding.
		expect(ids.foreignClient('b1', 'body:SOMTC', [11], 2)).toBeNull();
		expect(ids.foreignClient('b2', 'plan', [11], 2)).toBeNull();
		// A later claim does not take it over.
		claim('plan', [11, 12], 2);
		expect(ids.foreignClient('b1', 'plan', [11], 1)).toBeNull();
		expect(ids.foreignClient('b1', 'plan', [12], 1)).toBe(12);
	});

	it('keeps server-owned ids from users and user-owned ids from the server', () => {
		claim('plan', [5], null);
		claim('plan', [6], 3);
		expect(ids.foreignClient('b1', 'plan', [5], 3)).toBe(5);
		expect(ids.foreignClient('b1', 'plan', [5], null)).toBeNull();
		expect(ids.foreignClient('b1', 'plan', [6], null)).toBe(6);
	});

	it('is durable: a new instance (a restart) reads the bindings from SQLite', () => {
		claim('plan', [10], 1);
		const again = new ClientIds(db);
		expect(again.foreignClient('b1', 'plan', [10], 2)).toBe(10);
		expect(db.prepare('SELECT board_id, doc, client_id, user_id FROM doc_clients').all()).toEqual([{ board_id: 'b1', doc: 'plan', client_id: 10, user_id: 1 }]);
	});

	it('learns the real owner when its cache did not know an id was taken', () => {
		const other = new ClientIds(db);
		claim('plan', [10], 1, other);
		claim('plan', [10], 2);
		expect(ids.foreignClient('b1', 'plan', [10], 2)).toBe(10);
		expect(ids.foreignClient('b1', 'plan', [10], 1)).toBeNull();
	});

	it('does not query SQLite per keystroke once an owner is cached', () => {
		claim('plan', [10], 1);
		let selects = 0;
		const prepare = db.prepare.bind(db);
		// A fresh instance whose statements count their calls.
		(db as unknown as { prepare: typeof db.prepare }).prepare = ((sql: string) => {
			const stmt = prepare(sql);
			if (!sql.startsWith('SELECT')) return stmt;
			const get = stmt.get.bind(stmt);
			(stmt as unknown as { get: typeof stmt.get }).get = ((...args: unknown[]) => (selects++, get(...(args as [])))) as typeof stmt.get;
			return stmt;
		}) as typeof db.prepare;
		const counted = new ClientIds(db);
		for (let i = 0; i < 100; i++) {
			expect(counted.foreignClient('b1', 'plan', [10], 1)).toBeNull();
			db.transaction(() => counted.claim('b1', 'plan', [10], 1))();
		}
		expect(selects).toBe(1);
	});

	it('bounds its cache: a flood of client ids still answers correctly from SQLite', () => {
		const flood = Array.from({ length: 3000 }, (_, i) => 1000 + i);
		claim('plan', flood, 9);
		expect(ids.foreignClient('b1', 'plan', [1000], 8)).toBe(1000);
		expect(ids.foreignClient('b1', 'plan', [3999], 9)).toBeNull();
	});

	it('refuses to claim outside a transaction, and forgets a rolled-back claim', () => {
		expect(() => ids.claim('b1', 'plan', [1], 1)).toThrow(/inside the transaction/);
		expect(() =>
			db.transaction(() => {
				ids.claim('b1', 'plan', [1], 1);
				throw new Error('disk full');
			})()
		).toThrow('disk full');
		ids.forget('b1', 'plan');
		expect(ids.foreignClient('b1', 'plan', [1], 2)).toBeNull();
	});
});

describe('clientsOf', () => {
	it('lists the clients whose structs an update adds, not the delete set’s', () => {
		const a = new Y.Doc();
		a.clientID = 1;
		a.getText('t').insert(0, 'abc');
		const b = new Y.Doc();
		b.clientID = 2;
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const sv = Y.encodeStateVector(b);
		b.getText('t').delete(0, 1);
		b.getText('t').insert(0, 'X');
		expect(clientsOf(decodeUpdateV1Exactly(Y.encodeStateAsUpdate(b, sv)))).toEqual([2]);
		const deleteOnly = new Y.Doc();
		Y.applyUpdate(deleteOnly, Y.encodeStateAsUpdate(a));
		const before = Y.encodeStateVector(deleteOnly);
		deleteOnly.getText('t').delete(0, 2);
		expect(clientsOf(decodeUpdateV1Exactly(Y.encodeStateAsUpdate(deleteOnly, before)))).toEqual([]);
		// The whole state names both writers; against a document that has client 1 already, only 2.
		const whole = decodeUpdateV1Exactly(Y.encodeStateAsUpdate(b));
		expect(clientsOf(whole).sort()).toEqual([1, 2]);
		expect(clientsOf(whole, a)).toEqual([2]);
	});
});
