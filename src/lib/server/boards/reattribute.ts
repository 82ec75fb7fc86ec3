import * as Y from 'yjs';
import { bodyDocName, entriesMap, mapOf } from '../../board/doc';
import { whyNot, type Actor, type Role } from '../../board/permissions';
import { readEntry } from '../../board/view';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import type { Db } from '../db';
import { listBodies } from './bodies';
import type { Boards } from './boards';
import type { ConnectionUser } from '../collab/options';
import type { Rooms } from '../collab/rooms';

/** What a move reads and writes: the board row, the registry of bodies and the live documents. */
export interface ReattributionDeps {
	db: Db;
	rooms: Rooms;
	boards: Boards;
}

/**
 * Moves an entry to another body: the secretariat's re-attribution. No
 * document holds two bodies, so it is a server-side move between two
 * documents: the entry is created in the new body's document with the same
 * id, text and fields, then deleted from the old one — both changes stored,
 * recorded in history and relayed like anyone's edit, attributed to `user`.
 * The id is kept, so its history, comments and any agreement follow it.
 */
export class Reattribution {
	#deps;

	constructor(deps: ReattributionDeps) {
		this.#deps = deps;
	}

	/** Moves `entryId` to the main body `to`; the body it now belongs to. AppError 404, 403, 400 (no such body) or 409 (already there). */
	move(boardId: string, entryId: string, to: string, user: ConnectionUser): { body: string } {
		const { db, rooms, boards } = this.#deps;
		const board = boards.require(boardId);
		const refused = whyNot({ role: user.role as Role, body: user.body } satisfies Actor, { kind: 'reassign-body' }, board.status);
		if (refused) throw forbidden(refused);
		const registry = listBodies(db);
		if (!registry.some((b) => b.code === to && !b.parent)) throw badRequest(`There is no sectoral body ${to}.`);
		const docs = rooms.readDocs(boardId);
		const from = docs.bodyOfEntry(entryId);
		if (!from) throw notFound('No such entry on this board.');
		if (from === to) throw conflict(`The entry already belongs to ${to}.`);
		const entry = readEntry(entryId, from, entriesMap(docs.body(from)).get(entryId)!);
		// An entry keeps its subsidiary only when it belongs to the new body.
		const subsidiary = entry.subsidiary && registry.some((b) => b.code === entry.subsidiary && b.parent === to) ? entry.subsidiary : undefined;
		// Create first: should the second step fail, the entry exists twice rather than not at all.
		rooms.change(
			boardId,
			bodyDocName(to),
			user,
			(doc) => {
				let last = 0;
				entriesMap(doc).forEach((m) => {
					if (m.get('provision') === entry.provision && m.get('category') === entry.category) last = Math.max(last, Number(m.get('order')) || 0);
				});
				entriesMap(doc).set(
					entryId,
					mapOf({
						provision: entry.provision,
						category: entry.category,
						subsidiary,
						text: new Y.Text(entry.text),
						status: entry.progress,
						uncertain: entry.uncertain,
						note: entry.note,
						order: last + 1
					})
				);
			},
			'server'
		);
		rooms.change(boardId, bodyDocName(from), user, (doc) => entriesMap(doc).delete(entryId), 'server');
		return { body: to };
	}
}
