import { decisionsMap, mapOf, PLAN_DOC, type ProcedureOutcome, type ProcedureState } from '../../board/doc';
import { whyNot, type NamedUserActor } from '../../board/permissions';
import { readDecision } from '../../board/view';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import { connectionUserOf } from '../identity/connection-user';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Db } from '../db';

const SQL_INSERT = `INSERT INTO decision_procedures (board_id, entry_id, kind, started_by, started_at, meeting_id, deadline)
	VALUES (?, ?, ?, ?, ?, ?, ?)`;
const SQL_SUPERSEDE = `UPDATE decision_procedures SET closed_at = ?, outcome = 'superseded' WHERE board_id = ? AND entry_id = ? AND closed_at IS NULL`;
const SQL_OPEN_OF = `SELECT id, board_id AS boardId, entry_id AS entryId, kind, deadline FROM decision_procedures
	WHERE board_id = ? AND entry_id = ? AND closed_at IS NULL`;
const SQL_DUE = `SELECT id, board_id AS boardId, entry_id AS entryId, kind, deadline FROM decision_procedures
	WHERE closed_at IS NULL AND deadline <= ? ORDER BY deadline, id`;
const SQL_CLOSE = `UPDATE decision_procedures SET closed_at = ?, outcome = ? WHERE id = ? AND closed_at IS NULL`;
const SQL_RESPOND = `INSERT INTO decision_responses (procedure_id, body, response, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (procedure_id, body) DO UPDATE SET response = excluded.response, note = excluded.note, user_id = excluded.user_id, at = excluded.at`;
const SQL_RESPONSES = `SELECT r.body, r.response, r.note, r.user_id AS userId, u.name AS userName, r.at FROM decision_responses r
	JOIN users u ON u.id = r.user_id WHERE r.procedure_id = ? ORDER BY r.at, r.body`;
const SQL_OF_BOARD = `SELECT p.id, p.entry_id AS entryId, p.kind, p.deadline, p.started_at AS startedAt, p.meeting_id AS meetingId,
	p.closed_at AS closedAt, p.outcome, u.name AS startedByName FROM decision_procedures p JOIN users u ON u.id = p.started_by
	WHERE p.board_id = ? ORDER BY p.started_at, p.id`;

/** The longest a procedure may run. */
export const MAX_PROCEDURE_MS = 180 * 24 * 3600_000;

interface OpenProcedure {
	id: number;
	boardId: string;
	entryId: string;
	kind: ProcedureState;
	deadline: number;
}

/** One body's answer in a procedure, attributed. */
export interface ProcedureResponse {
	body: string;
	response: 'confirm' | 'object';
	note: string | null;
	userId: number;
	userName: string;
	at: number;
}

/** A procedure as the minutes and the board's API list it. */
export interface ProcedureRecord {
	id: number;
	entryId: string;
	kind: ProcedureState;
	deadline: number;
	startedAt: number;
	startedByName: string;
	meetingId: number | null;
	closedAt: number | null;
	outcome: ProcedureOutcome | 'superseded' | null;
	responses: ProcedureResponse[];
}

export interface ProceduresDeps {
	db: Db;
	rooms: Rooms;
	boards: Boards;
	now?: () => number;
}

/**
 * Ad referendum and silence procedures (docs/negotiation.md). The chair or
 * the secretariat starts one on an entry; the server writes it into the
 * plan's `decisions` (who and when from the session and the server's clock,
 * never a client's claim: clients may not write these states at all), keeps
 * it in SQLite with its deadline, records each body's confirmation or
 * objection (delegates cannot write the plan), and `sweep` writes the
 * outcome when the deadline has passed — from a timer, so with nobody online,
 * and again at start, so a restart misses nothing.
 */
export class Procedures {
	#deps: ProceduresDeps;
	#now: () => number;
	#insert;
	#supersede;
	#openOf;
	#due;
	#close;
	#respond;
	#responses;
	#ofBoard;

	constructor(deps: ProceduresDeps) {
		this.#deps = deps;
		this.#now = deps.now ?? Date.now;
		this.#insert = deps.db.prepare(SQL_INSERT);
		this.#supersede = deps.db.prepare(SQL_SUPERSEDE);
		this.#openOf = deps.db.prepare(SQL_OPEN_OF);
		this.#due = deps.db.prepare(SQL_DUE);
		this.#close = deps.db.prepare(SQL_CLOSE);
		this.#respond = deps.db.prepare(SQL_RESPOND);
		this.#responses = deps.db.prepare(SQL_RESPONSES);
		this.#ofBoard = deps.db.prepare(SQL_OF_BOARD);
	}

	/** Starts a procedure on an entry, replacing whatever was decided on it. Returns its id. */
	start(actor: NamedUserActor, boardId: string, entryId: string, kind: ProcedureState, deadline: number, meeting: number | null = null): number {
		const board = this.#deps.boards.require(boardId);
		const why = whyNot(actor, { kind: 'decide' }, board.status);
		if (why) throw forbidden(why);
		const now = this.#now();
		if (!Number.isFinite(deadline) || deadline <= now) throw badRequest('The deadline must be in the future.');
		if (deadline - now > MAX_PROCEDURE_MS) throw badRequest('A procedure can run for 180 days at most.');
		if (!this.#deps.rooms.readDocs(boardId).bodyOfEntry(entryId)) throw notFound('No such entry on this board.');
		const user = connectionUserOf(actor);
		return this.#deps.db.transaction(() => {
			this.#supersede.run(now, boardId, entryId);
			const id = Number(this.#insert.run(boardId, entryId, kind, actor.id, now, meeting, deadline).lastInsertRowid);
			this.#deps.rooms.change(
				boardId,
				PLAN_DOC,
				user,
				(plan) => decisionsMap(plan).set(entryId, mapOf({ state: kind, by: actor.id, at: now, meeting, deadline }) as never),
				'server'
			);
			return id;
		})();
	}

	/**
	 * Records a body's confirmation or objection while its procedure runs: a
	 * delegate (or the chair) for their own body. The plan shows who answered.
	 */
	respond(actor: NamedUserActor, boardId: string, entryId: string, response: 'confirm' | 'object', note: string | null = null): void {
		const board = this.#deps.boards.require(boardId);
		if (board.status !== 'open') throw forbidden(whyNot(actor, { kind: 'decide' }, board.status) ?? 'This board is finalized.');
		if (!actor.body || (actor.role !== 'delegate' && actor.role !== 'chair')) throw forbidden('Only a body’s delegates answer for it.');
		const open = this.#openOf.get(boardId, entryId) as OpenProcedure | undefined;
		if (!open) throw notFound('No procedure is running on this entry.');
		const now = this.#now();
		if (now >= open.deadline) throw conflict('The deadline of this procedure has passed.');
		if (open.kind === 'silence' && response === 'confirm') throw badRequest('A silence procedure asks only for objections.');
		const user = connectionUserOf(actor);
		this.#deps.db.transaction(() => {
			this.#respond.run(open.id, actor.body, response, note?.trim() || null, actor.id, now);
			const answers = this.#responses.all(open.id) as ProcedureResponse[];
			const list = (r: string) => answers.filter((a) => a.response === r).map((a) => a.body).join(',');
			this.#deps.rooms.change(boardId, PLAN_DOC, user, (plan) => this.#patch(plan, open, { confirmed: list('confirm'), objected: list('object') }), 'server');
		})();
	}

	/** Closes every procedure whose deadline has passed: writes its outcome into the plan as the server. Returns how many. */
	sweep(): number {
		const now = this.#now();
		const due = this.#due.all(now) as OpenProcedure[];
		for (const p of due) {
			const objected = (this.#responses.all(p.id) as ProcedureResponse[]).some((r) => r.response === 'object');
			const outcome: ProcedureOutcome = objected ? 'broken' : 'agreed';
			this.#deps.db.transaction(() => {
				const board = this.#deps.boards.get(p.boardId);
				const written = board ? this.#deps.rooms.change(p.boardId, PLAN_DOC, null, (plan) => this.#patch(plan, p, { outcome, closedAt: now }), 'server') : false;
				this.#close.run(now, written ? outcome : 'superseded', p.id);
			})();
		}
		return due.length;
	}

	/** A board's procedures with their responses, oldest first (minutes, the consolidation view). */
	list(boardId: string): ProcedureRecord[] {
		return (this.#ofBoard.all(boardId) as Omit<ProcedureRecord, 'responses'>[]).map((p) => ({ ...p, responses: this.#responses.all(p.id) as ProcedureResponse[] }));
	}

	/** Sets fields of the procedure's decision, if the plan still holds that procedure (the chair may have decided otherwise since). */
	#patch(plan: import('yjs').Doc, p: OpenProcedure, fields: Record<string, string | number>): boolean {
		const m = decisionsMap(plan).get(p.entryId);
		const d = readDecision(m);
		if (!m || d?.state !== p.kind || d.procedure?.deadline !== p.deadline || d.procedure.outcome) return false;
		for (const [k, v] of Object.entries(fields)) m.set(k, v);
		return true;
	}
}
