import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { DecodedUpdate } from './decode';

const SELECT_OWNER = 'SELECT user_id AS userId FROM doc_clients WHERE board_id = ? AND doc = ? AND client_id = ?';
const INSERT_CLAIM =
	'INSERT INTO doc_clients (board_id, doc, client_id, user_id, claimed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';

/** Owners cached per document; past this, the least recently used client ids are forgotten. */
const MAX_CLIENTS_PER_DOC = 512;
/** Documents cached; past this, the least recently used document's owners are forgotten. */
const MAX_DOCS = 1024;

/** A client id's owner: a user id, or null for the server itself. */
type Owner = number | null;

/**
 * Binds Yjs client ids to the person who first wrote under them, per
 * document, durably (`doc_clients`). Yjs trusts the client id in every
 * struct: without this, anyone allowed to write a document could write under
 * another person's id — extend their text runs, or make their later edits
 * collide with structs they never wrote. The server's own writes are owned by
 * null, and no user may write under a server-owned id.
 *
 * Owners are cached in memory (bounded, least recently used first out) so a
 * hot document does not query SQLite per keystroke. The cache assumes the
 * caller's transaction commits: when it rolls back, call `forget`.
 */
export class ClientIds {
	readonly #select: Database.Statement<[string, string, number], { userId: Owner }>;
	readonly #insert: Database.Statement<[string, string, number, Owner, number]>;
	readonly #db: Database.Database;
	/** `${boardId}\n${doc}` → client id → owner. Map order is recency order. */
	readonly #cache = new Map<string, Map<number, Owner>>();

	constructor(db: Database.Database) {
		this.#db = db;
		this.#select = db.prepare(SELECT_OWNER);
		this.#insert = db.prepare(INSERT_CLAIM);
	}

	/**
	 * The first of `clientIds` already owned by someone other than `userId`
	 * (null = the server), or null if the writer may use them all.
	 */
	foreignClient(boardId: string, doc: string, clientIds: Iterable<number>, userId: number | null): number | null {
		for (const id of clientIds) {
			const owner = this.#owner(boardId, doc, id);
			if (owner !== undefined && owner !== userId) return id;
		}
		return null;
	}

	/**
	 * Makes `userId` (null = the server) the owner of those of `clientIds` no
	 * one owns yet. Must run inside the caller's transaction, the one that
	 * stores the update, so the claim and the writing commit together.
	 */
	claim(boardId: string, doc: string, clientIds: Iterable<number>, userId: number | null): void {
		if (!this.#db.inTransaction) throw new Error('ClientIds.claim must run inside the transaction that stores the update');
		const owners = this.#owners(boardId, doc);
		const now = Date.now();
		for (const id of clientIds) {
			if (owners.has(id)) continue;
			const inserted = this.#insert.run(boardId, doc, id, userId, now).changes === 1;
			// ON CONFLICT DO NOTHING: someone had it already (evicted from the cache); remember the real owner.
			remember(owners, id, inserted ? userId : (this.#select.get(boardId, doc, id)?.userId ?? null));
		}
	}

	/** Drops the cached owners of a document (after a rolled-back transaction, or when it is deleted). */
	forget(boardId: string, doc: string): void {
		this.#cache.delete(cacheKey(boardId, doc));
	}

	/** A client id's owner; undefined if nobody claimed it. */
	#owner(boardId: string, doc: string, id: number): Owner | undefined {
		const owners = this.#owners(boardId, doc);
		if (owners.has(id)) {
			const owner = owners.get(id) as Owner;
			remember(owners, id, owner);
			return owner;
		}
		const row = this.#select.get(boardId, doc, id);
		if (row) remember(owners, id, row.userId);
		return row?.userId;
	}

	#owners(boardId: string, doc: string): Map<number, Owner> {
		const key = cacheKey(boardId, doc);
		let owners = this.#cache.get(key);
		if (owners) this.#cache.delete(key);
		else owners = new Map();
		this.#cache.set(key, owners);
		if (this.#cache.size > MAX_DOCS) this.#cache.delete(this.#cache.keys().next().value as string);
		return owners;
	}
}

/** Records an owner as most recently used, evicting the least recently used beyond the bound. */
function remember(owners: Map<number, Owner>, id: number, owner: Owner): void {
	owners.delete(id);
	owners.set(id, owner);
	if (owners.size > MAX_CLIENTS_PER_DOC) owners.delete(owners.keys().next().value as number);
}

function cacheKey(boardId: string, doc: string): string {
	return `${boardId}\n${doc}`;
}

/**
 * The client ids under which an update adds structs (Items and GCs, not
 * Skips; the delete set's clients are not writers). With `doc`, structs the
 * document already holds in full are left out: a reconnecting client may
 * re-send other people's operations the server has.
 */
export function clientsOf(decoded: DecodedUpdate, doc?: Y.Doc): number[] {
	const clients = new Set<number>();
	for (const s of decoded.structs) {
		if (s instanceof Y.Skip || clients.has(s.id.client)) continue;
		if (doc && s.id.clock + s.length <= Y.getState(doc.store, s.id.client)) continue;
		clients.add(s.id.client);
	}
	return [...clients];
}
