import type { BoardDocs } from '../../board/doc';
import { whyNot, type Actor, type BoardStatus, type UserActor } from '../../board/permissions';
import { badRequest, conflict, forbidden } from '../app-error';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Db } from '../db';
import { decodeBoardBundle, encodeBoardBundle } from '../boards/bundle';
import type { DocStore } from '../collab/doc-store';
import { formatAsOf } from '../../contract/dates';

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

/** What `Versions` reads and writes besides its table: the board rows, the live documents and the update log. */
export interface VersionsDeps {
	db: Db;
	boards: Boards;
	rooms: Rooms;
	store: DocStore;
}

/** A version to save: who and when; its documents are the board's as they are now unless given. */
export interface NewVersion {
	boardId: string;
	label: string;
	createdBy: number | null;
	kind?: VersionKind;
	createdAt?: number;
}

/**
 * Named versions of boards: every document's full state + label + author +
 * time, never changed once saved; and the board's status, since finalizing
 * saves one.
 */
export class Versions {
	#deps;
	#list;
	#get;
	#state;
	#insert;
	#exists;

	constructor(deps: VersionsDeps) {
		this.#deps = deps;
		const { db } = deps;
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

	/** `base`, or "`base` (2)", "(3)"…: the first the board has no version named yet. */
	freeLabel(boardId: string, base: string): string {
		let label = base;
		for (let n = 2; this.has(boardId, label); n++) label = `${base} (${n})`;
		return label;
	}

	/** The version's documents (fresh copies: read them, do not change them), or undefined. */
	docs(boardId: string, label: string): BoardDocs | undefined {
		const state = this.#state.get(boardId, label) as Buffer | undefined;
		return state ? decodeBoardBundle(state) : undefined;
	}

	/** Why `actor` may not save a named version (null: they may). The chair and the secretariat, whatever the board's status. */
	whyNotSave(actor: Actor): string | null {
		return actor.role === 'chair' || actor.role === 'secretariat' ? null : 'Only the chair and the secretariat can save versions.';
	}

	/** Saves the board as it is now (the live documents where loaded) under `label`, as `actor`. */
	save(boardId: string, label: string, actor: UserActor): VersionRow {
		this.#deps.boards.require(boardId);
		const refused = this.whyNotSave(actor);
		if (refused) throw forbidden(refused);
		return this.record({ boardId, label, createdBy: actor.id });
	}

	/**
	 * Saves `v.docs`, or the board's documents as they are now, under
	 * `v.label` (no permission check: the caller's rule applies); a label
	 * already used on the board is refused (409).
	 */
	record(v: NewVersion & { docs?: BoardDocs; seq?: number }): VersionRow {
		const label = checkLabel(v.label);
		if (this.has(v.boardId, label)) throw conflict(`There is already a version named “${label}”.`);
		// Synchronous from here: no update can land between the state and its sequence number.
		const docs = v.docs ?? this.#deps.rooms.readDocs(v.boardId);
		const seq = v.seq ?? this.#deps.store.lastSeq(v.boardId);
		const state = Buffer.from(encodeBoardBundle(docs));
		this.#insert.run(v.boardId, label, state, seq, v.createdBy, v.createdAt ?? Date.now(), v.kind ?? 'named');
		return this.get(v.boardId, label)!;
	}

	/**
	 * Finalizes (`to: 'finalized'`, saving the version "Finalized <date>") or
	 * reopens a board. The server refuses every change to a finalized board;
	 * connected clients are closed with 4409 so they reload with the new status.
	 */
	setBoardStatus(boardId: string, to: BoardStatus, actor: UserActor, now = new Date()): VersionRow | null {
		const { db, boards, rooms } = this.#deps;
		const board = boards.require(boardId);
		if (board.status === to) throw conflict(to === 'finalized' ? 'The board is already finalized.' : 'The board is already open.');
		const refused = whyNot(actor, { kind: 'set-board-status', to }, board.status);
		if (refused) throw forbidden(refused);
		const version = db.transaction(() => {
			const saved =
				to === 'finalized'
					? this.record({ boardId, label: this.freeLabel(boardId, finalizedLabel(now)), createdBy: actor.id, kind: 'finalized', createdAt: now.getTime() })
					: null;
			boards.setStatus(boardId, to);
			return saved;
		})();
		rooms.closeBoard(boardId, to === 'finalized' ? 'the board was finalized' : 'the board was reopened');
		return version;
	}
}
