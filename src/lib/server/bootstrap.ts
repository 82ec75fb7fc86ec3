import { buildApaDocs } from '../board/seed-board';
import type { AppContext } from './app-context';
import { hashPassword } from './identity/password';
import type { Seeds } from './boards/seeds';
import { Users, type Role } from './identity/users';
import { asOfLabel } from './history/versions';

/** Id of the board seeded from the 2016 matrix. */
export const APA_BOARD_ID = 'apa-2016';
/** The seeded board's title: the 2016 document's own ("Possible Areas of Collaboration with other Relevant ASEAN Sectoral Bodies / ASEAN Organs under the Framework of…"). */
export function apaBoardTitle(seeds: Seeds): string {
	return seeds.matrix.title;
}

/** Password of every demo account (printed at start; demo databases only). */
export const DEMO_PASSWORD = 'planning-board-demo';

export interface DemoAccount {
	email: string;
	name: string;
	role: Role;
	body: string | null;
}

const SQL_SEEDED = `SELECT value FROM meta WHERE key = 'seeded'`;
const SQL_MARK_SEEDED = `INSERT INTO meta (key, value) VALUES ('seeded', ?)`;
const SQL_INSERT_BODY = `INSERT INTO bodies (code, name, pillar, parent, position) VALUES (?, ?, ?, ?, ?)`;

/** The demo accounts: the secretariat, the SOMTC chair, an observer and one delegate per body. */
export function demoAccounts(seeds: Seeds): DemoAccount[] {
	return [
		{ email: 'secretariat@demo.test', name: 'Sam Secretariat', role: 'secretariat', body: null },
		{ email: 'chair@demo.test', name: 'Chris Chair (SOMTC)', role: 'chair', body: 'SOMTC' },
		{ email: 'observer@demo.test', name: 'Olive Observer', role: 'observer', body: null },
		...seeds.bodies.bodies.map((b) => ({
			email: `${b.code.toLowerCase()}@demo.test`,
			name: `${b.code} Delegate`,
			role: 'delegate' as const,
			body: b.code
		}))
	];
}

/**
 * Seeds a fresh database: the body registry, the APA board built from the
 * 2016 matrix with its version "As of 31 May 2016", and (when `config.demo`)
 * the demo accounts. Runs once: a database that was seeded before is left as
 * it is, except that it gains the seed version if it predates versions.
 * Returns the demo accounts created, or null when nothing was seeded.
 */
export async function seedIfEmpty(ctx: AppContext, seeds: Seeds): Promise<DemoAccount[] | null> {
	const { db } = ctx;
	if (db.prepare(SQL_SEEDED).get()) {
		ensureSeedVersion(ctx, seeds);
		return null;
	}
	const accounts = ctx.config.demo ? demoAccounts(seeds) : [];
	// Hash before the transaction: better-sqlite3 transactions must be synchronous.
	const hashes = await Promise.all(accounts.map(() => hashPassword(DEMO_PASSWORD)));
	const docs = buildApaDocs(seeds.provisions, seeds.matrix, apaBoardTitle(seeds));
	const users = new Users(db);
	db.transaction(() => {
		const insertBody = db.prepare(SQL_INSERT_BODY);
		let position = 0;
		for (const b of seeds.bodies.bodies) {
			insertBody.run(b.code, b.name, b.pillar, null, position++);
			for (const s of b.subsidiaries) insertBody.run(s.code, s.name, b.pillar, b.code, position++);
		}
		accounts.forEach((a, i) => users.create({ ...a, passwordHash: hashes[i] }));
		const board = ctx.boards.create({ id: APA_BOARD_ID, title: apaBoardTitle(seeds), asOf: seeds.matrix.asOf, createdBy: null }, docs);
		ctx.versions.record({ boardId: board.id, label: asOfLabel(seeds.matrix.asOf), docs, seq: 0, createdBy: null, createdAt: board.createdAt });
		db.prepare(SQL_MARK_SEEDED).run(new Date().toISOString());
	})();
	return accounts;
}

/**
 * A database seeded before versions existed gets the seed version on start.
 * Its log may have been compacted past the seed state, but the seed is
 * reproducible (entry ids come from the seed position), so it is rebuilt
 * from the same seed files. Idempotent: nothing happens once it exists.
 */
function ensureSeedVersion(ctx: AppContext, seeds: Seeds): void {
	const board = ctx.boards.get(APA_BOARD_ID);
	const label = asOfLabel(seeds.matrix.asOf);
	if (!board || ctx.versions.has(board.id, label)) return;
	const docs = buildApaDocs(seeds.provisions, seeds.matrix, apaBoardTitle(seeds));
	ctx.versions.record({ boardId: board.id, label, docs, seq: 0, createdBy: null, createdAt: board.createdAt });
	docs.destroy();
}

const SQL_DEMO_USERS = `SELECT email, name, role, body FROM users WHERE email LIKE '%@demo.test' AND active = 1 ORDER BY id`;

/** The demo accounts present in the database (for the start banner). */
export function listDemoAccounts(ctx: AppContext): DemoAccount[] {
	return ctx.db.prepare(SQL_DEMO_USERS).all() as DemoAccount[];
}
