import * as Y from 'yjs';
import { bodyDocName, entriesMap, mapOf } from '../../board/doc';
import { whyNot, type Actor, type Role } from '../../board/permissions';
import { readEntry } from '../../board/view';
import type { Boards } from './boards';
import type { ConnectionUser } from '../collab/options';
import type { Rooms } from '../collab/rooms';

export type ReattributeResult = { ok: true; body: string } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

export interface ReattributeDeps {
	rooms: Rooms;
	boards: Boards;
	/** The bodies with a document on every board (the main bodies of the registry). */
	bodies: ReadonlySet<string>;
	/** The subsidiaries of each body (an entry keeps its subsidiary only when it belongs to the new body). */
	subsidiaries: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Moves an entry to another body: the secretariat's re-attribution. No
 * document holds two bodies, so it is a server-side move between two
 * documents: the entry is created in the new body's document with the same
 * id, text and fields, then deleted from the old one — both changes stored,
 * recorded in history and relayed like anyone's edit, attributed to `user`.
 * The id is kept, so its history, comments and any agreement follow it.
 */
export function reattributeEntry(deps: ReattributeDeps, boardId: string, entryId: string, to: string, user: ConnectionUser): ReattributeResult {
	const board = deps.boards.get(boardId);
	if (!board) return { ok: false, status: 404, message: 'No board with this id.' };
	const refused = whyNot({ role: user.role as Role, body: user.body } satisfies Actor, { kind: 'reassign-body' }, board.status);
	if (refused) return { ok: false, status: 403, message: refused };
	if (!deps.bodies.has(to)) return { ok: false, status: 400, message: `There is no sectoral body ${to}.` };
	const docs = deps.rooms.readDocs(boardId);
	const from = docs.bodyOfEntry(entryId);
	if (!from) return { ok: false, status: 404, message: 'No such entry on this board.' };
	if (from === to) return { ok: false, status: 409, message: `The entry already belongs to ${to}.` };
	const entry = readEntry(entryId, from, entriesMap(docs.body(from)).get(entryId)!);
	const subsidiary = entry.subsidiary && deps.subsidiaries.get(to)?.has(entry.subsidiary) ? entry.subsidiary : undefined;
	// Create first: should the second step fail, the entry exists twice rather than not at all.
	deps.rooms.change(
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
	deps.rooms.change(boardId, bodyDocName(from), user, (doc) => entriesMap(doc).delete(entryId), 'server');
	return { ok: true, body: to };
}
