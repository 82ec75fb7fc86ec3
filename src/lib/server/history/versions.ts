import type { BoardDocs } from '../../board/doc';
import { whyNot, type Actor, type BoardStatus } from '../../board/permissions';
import { badRequest, conflict, forbidden } from '../app-error';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Db } from '../db';
import { decodeBoardBundle, encodeBoardBundle } from '../boards/bundle';
import type { DocStore } from '../collab/doc-store';
import { formatAsOf } from '../../format';

const SQL_LIST = `SELECT v.id, v.label, v.kind, v.seq, v.created_by AS createdBy, u.name AS createdByName, v.created_at AS createdAt
	FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.board_id = ? ORDER BY v.created_at DESC, v.id DESC`;
const SQL_GET = `SELECT v.id, v.label, v.kind, v.seq, v.created_by AS createdBy, u.name AS createdByName, v.created_at AS createdAt
	FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.board_id = ? AND v.label = ?`;
const SQL_STATE = `SELECT state FROM versions WHERE board_id = ? AND label = ?`;
const SQL_INSERT = `INSERT INTO versions (board_id, label, state, seq, created_by, created_at, kind, format)
	VALUES (?, ?, ?, ?, ?, ?, ?, 'docs')`;
const SQL_EXISTS = `SELECT 1 FROM versions WHERE board_id = ? AND label = ?`;

export type VersionKind = 'named' | 'finalized';

/** A saved checkpoint of a board, without its state. */
export interface VersionRow {
	id: number;
	label: string;
	kind: VersionKind;
	/** The last update of the log folded into it. */
	seq: number;
	createdBy: number | null;
	createdByName: string | null;
	createdAt: number;
}

/** Words the version pages use in their own URLs (`/versions/compare`, `b=now`). */
const RESERVED = new Set(['compare', 'now']);
export const MAX_LABEL_LENGTH = 120;

/** A trimmed, valid label, or an AppError 400 saying why not. */
export function checkLabel(input: unknown): string {
	const label = typeof input === 'string' ? input.trim().replace(/\s+/g, ' ') : '';
	if (!label) throw badRequest('Give the version a name.');
	if (label.length > MAX_LABEL_LENGTH) throw badRequest(`A version name has at most ${MAX_LABEL_LENGTH} characters.`);
	if (RESERVED.has(label.toLowerCase())) throw badRequest(`“${label}” is reserved; choose another name.`);
	return label;
}

/** "As of 31 May 2016" for the ISO date 2016-05-31. */
export function asOfLabel(isoDate: string): string {
	return `As of ${formatAsOf(isoDate)}`;
}

/** "Finalized 8 June 2026" (UTC date). */
export function finalizedLabel(at: Date): string {
	return `Finalized ${formatAsOf(at.toISOString().slice(0, 10))}`;
}

/** Named versions of boards: every document's full state + label + author + time, never changed once saved. */
export class Versions {
	#list;
	#get;
	#state;
	#insert;
	#exists;

	constructor(db: Db) {
		this.#list = db.prepare(SQL_LIST);
		this.#get = db.prepare(SQL_GET);
		this.#state = db.prepare(SQL_STATE).pluck();
		this.#insert = db.prepare(SQL_INSERT);
		this.#exists = db.prepare(SQL_EXISTS).pluck();
	}

	/** Newest first. */
	list(boardId: string): VersionRow[] {
		return this.#list.all(boardId) as VersionRow[];
	}

	get(boardId: string, label: string): VersionRow | undefined {
		return this.#get.get(boardId, label) as VersionRow | undefined;
	}

	has(boardId: string, label: string): boolean {
		return this.#exists.get(boardId, label) !== undefined;
	}

	/** The version's documents (fresh copies: read them, do not change them), or undefined. */
	docs(boardId: string, label: string): BoardDocs | undefined {
		const state = this.#state.get(boardId, label) as Buffer | undefined;
		return state ? decodeBoardBundle(state) : undefined;
	}

	/** Saves `docs` as they are now under `label`; a label already used on the board is refused (409). */
	save(v: { boardId: string; label: string; docs: BoardDocs; seq: number; createdBy: number | null; kind?: VersionKind; createdAt?: number }): VersionRow {
		const label = checkLabel(v.label);
		if (this.has(v.boardId, label)) throw conflict(`There is already a version named “${label}”.`);
		const state = Buffer.from(encodeBoardBundle(v.docs));
		this.#insert.run(v.boardId, label, state, v.seq, v.createdBy, v.createdAt ?? Date.now(), v.kind ?? 'named');
		return this.get(v.boardId, label)!;
	}
}

/** What the board-level operations below need. */
export interface VersionDeps {
	db: Db;
	boards: Boards;
	rooms: Rooms;
	store: DocStore;
	versions: Versions;
}

/** The person asking, as the permission rules see them. */
export type VersionActor = Actor & { id: number };

/** Why `actor` may not save a named version (null: they may). The chair and the secretariat, whatever the board's status. */
export function whyNotSaveVersion(actor: Actor): string | null {
	return actor.role === 'chair' || actor.role === 'secretariat' ? null : 'Only the chair and the secretariat can save versions.';
}

/** Saves the board as it is now (the live document when loaded) under `label`. */
export function saveVersion(deps: VersionDeps, boardId: string, label: string, actor: VersionActor): VersionRow {
	deps.boards.require(boardId);
	const refused = whyNotSaveVersion(actor);
	if (refused) throw forbidden(refused);
	// Synchronous from here: no update can land between the state and its sequence number.
	return deps.versions.save({ boardId, label, docs: deps.rooms.readDocs(boardId), seq: deps.store.lastSeq(boardId), createdBy: actor.id });
}

/**
 * Finalizes (`to: 'finalized'`, saving the version "Finalized <date>") or
 * reopens a board. The server refuses every change to a finalized board;
 * connected clients are closed with 4409 so they reload with the new status.
 */
export function setBoardStatus(deps: VersionDeps, boardId: string, to: BoardStatus, actor: VersionActor, now = new Date()): VersionRow | null {
	const board = deps.boards.require(boardId);
	if (board.status === to) throw conflict(to === 'finalized' ? 'The board is already finalized.' : 'The board is already open.');
	const refused = whyNot(actor, { kind: 'set-board-status', to }, board.status);
	if (refused) throw forbidden(refused);
	let version: VersionRow | null = null;
	deps.db.transaction(() => {
		if (to === 'finalized') {
			const base = finalizedLabel(now);
			let label = base;
			for (let n = 2; deps.versions.has(boardId, label); n++) label = `${base} (${n})`;
			version = deps.versions.save({
				boardId,
				label,
				docs: deps.rooms.readDocs(boardId),
				seq: deps.store.lastSeq(boardId),
				createdBy: actor.id,
				kind: 'finalized',
				createdAt: now.getTime()
			});
		}
		deps.boards.setStatus(boardId, to);
	})();
	deps.rooms.closeBoard(boardId, to === 'finalized' ? 'the board was finalized' : 'the board was reopened');
	return version;
}
