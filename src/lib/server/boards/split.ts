import * as Y from 'yjs';
import {
	BoardDocs,
	categoriesArray,
	decisionsMap,
	entriesMap,
	leadsMap,
	mapOf,
	metaMap,
	partsArray,
	provisionsArray,
	type TransactionOrigin
} from '../../board/doc';
import { encodeBoardBundle } from './bundle';
import type { ClientIds } from '../collab/integrity';
import type { Db } from '../db';
import { LEGACY_DOC, type DocStore } from '../collab/doc-store';

/**
 * The first release kept a board in ONE Yjs document (`board`): entries of
 * every body, leads, structure, and "agreed" as an entry's status. This
 * splits such a board, at start, into the documents of the current model
 * (`src/lib/board/doc.ts`): the plan and one per body. Entry ids stay, so
 * history rows and comments keep pointing at their entries; an entry the old
 * document marked agreed becomes a decision in the plan, attributed from the
 * history row that agreed it. Named versions are split the same way. The old
 * document stays in the log under its name, never loaded again.
 */

const SQL_BOARDS = `SELECT id FROM boards`;
const SQL_LEGACY_VERSIONS = `SELECT id, state FROM versions WHERE board_id = ? AND format = 'doc'`;
const SQL_SET_VERSION = `UPDATE versions SET state = ?, format = 'docs' WHERE id = ?`;
const SQL_AGREED_BY = `SELECT user_id AS userId, updated_at AS at FROM cell_history
	WHERE board_id = ? AND entry_id = ? AND json_extract(after, '$.status') = 'agreed'
	ORDER BY updated_at DESC, id DESC LIMIT 1`;
const SQL_LEGACY_CHECKPOINTS = `SELECT COUNT(*) FROM doc_checkpoints WHERE board_id = ? AND doc = '${LEGACY_DOC}'`;
const SQL_MEETING_AT = `SELECT id FROM meetings WHERE board_id = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?)
	ORDER BY started_at DESC LIMIT 1`;

const ORIGIN: TransactionOrigin = { source: 'server' };

/** Who agreed an entry and when, as far as history tells. */
export type AgreedBy = (entryId: string) => { userId: number | null; at: number; meeting: number | null };

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** The documents of the current model holding what one first-release board document holds. */
export function splitLegacyDoc(legacy: Y.Doc, agreedBy: AgreedBy): BoardDocs {
	const docs = new BoardDocs();
	const plan = docs.plan;
	plan.transact(() => {
		const meta = legacy.getMap('meta');
		for (const key of ['title', 'asOf']) if (meta.has(key)) metaMap(plan).set(key, str(meta.get(key)));
		const copyRows = (from: Y.Array<Y.Map<unknown>>, to: Y.Array<Y.Map<string>>, keys: string[]) =>
			to.push(from.map((m) => mapOf(Object.fromEntries(keys.map((k) => [k, m.has(k) ? str(m.get(k)) : undefined]))) as Y.Map<string>));
		copyRows(legacy.getArray('parts'), partsArray(plan), ['id', 'title']);
		copyRows(legacy.getArray('categories'), categoriesArray(plan), ['id', 'name']);
		copyRows(legacy.getArray('provisions'), provisionsArray(plan), ['id', 'part', 'letter', 'text']);
		legacy.getMap<string>('leads').forEach((body, key) => leadsMap(plan).set(key, str(body)));
	}, ORIGIN);
	legacy.getMap<Y.Map<unknown>>('entries').forEach((m, id) => {
		const body = str(m.get('body'));
		if (!body) {
			console.warn(`[migrate] entry ${id} belongs to no body; it cannot live in any body's document and is left in the old one`);
			return;
		}
		const status = str(m.get('status'));
		const doc = docs.body(body);
		doc.transact(() => {
			entriesMap(doc).set(
				id,
				mapOf({
					provision: str(m.get('provision')),
					category: str(m.get('category')),
					subsidiary: typeof m.get('subsidiary') === 'string' ? m.get('subsidiary') : undefined,
					text: new Y.Text(str(m.get('text')?.toString())),
					status: status === 'ongoing' || status === 'completed' ? status : 'proposed',
					uncertain: m.get('uncertain') === true,
					note: typeof m.get('note') === 'string' ? m.get('note') : undefined,
					order: typeof m.get('order') === 'number' ? m.get('order') : 0
				})
			);
		}, ORIGIN);
		if (status === 'agreed') {
			const by = agreedBy(id);
			plan.transact(() => {
				decisionsMap(plan).set(id, mapOf({ state: 'agreed', by: by.userId, at: by.at, meeting: by.meeting }) as Y.Map<unknown>);
			}, ORIGIN);
		}
	});
	return docs;
}

function loadLegacy(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

/** Splits every first-release board of the database (idempotent: a board with a plan is left alone). Returns how many. */
export function splitLegacyBoards(db: Db, store: DocStore, clientIds?: ClientIds): number {
	const agreedBy = db.prepare(SQL_AGREED_BY);
	const meetingAt = db.prepare(SQL_MEETING_AT).pluck();
	const setVersion = db.prepare(SQL_SET_VERSION);
	const legacyCheckpoints = db.prepare(SQL_LEGACY_CHECKPOINTS).pluck();
	let split = 0;
	for (const boardId of db.prepare(SQL_BOARDS).pluck().all() as string[]) {
		const stored = store.docNames(boardId);
		const versions = db.prepare(SQL_LEGACY_VERSIONS).all(boardId) as { id: number; state: Buffer }[];
		const hasLegacyDoc = !stored.includes('plan') && store.tailLength(boardId, LEGACY_DOC) + (legacyCheckpoints.get(boardId) as number) > 0;
		if (!hasLegacyDoc && versions.length === 0) continue;
		const who: AgreedBy = (entryId) => {
			const row = agreedBy.get(boardId, entryId) as { userId: number | null; at: number } | undefined;
			const at = row?.at ?? 0;
			return { userId: row?.userId ?? null, at, meeting: row ? ((meetingAt.get(boardId, at, at) as number | undefined) ?? null) : null };
		};
		db.transaction(() => {
			if (hasLegacyDoc) {
				const legacy = store.load(boardId, LEGACY_DOC).doc;
				const docs = splitLegacyDoc(legacy, who);
				store.saveBoard(boardId, docs, store.lastSeq(boardId));
				for (const [name, doc] of docs.named()) clientIds?.claim(boardId, name, Y.decodeStateVector(Y.encodeStateVector(doc)).keys(), null);
				docs.destroy();
				legacy.destroy();
			}
			for (const v of versions) {
				const legacy = loadLegacy(v.state);
				const docs = splitLegacyDoc(legacy, who);
				setVersion.run(Buffer.from(encodeBoardBundle(docs)), v.id);
				docs.destroy();
				legacy.destroy();
			}
		})();
		split++;
	}
	return split;
}

