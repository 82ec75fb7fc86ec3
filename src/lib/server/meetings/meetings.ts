import { checkMeetingTitle, parseAgenda, type MeetingView } from '../../board/meeting';
import type { Minutes } from '../../board/minutes';
import { canRunMeeting, type Actor } from '../../board/permissions';
import { readBoard } from '../../board/view';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Comments } from '../discussion/comments';
import type { Db } from '../db';
import type { DocStore } from '../collab/doc-store';
import { longDate, today } from '../export/format';
import type { HistoryQueries } from '../history/queries';
import { buildMinutes } from './minutes';
import type { Suggestions } from '../negotiation/suggestions';
import { checkLabel, MAX_LABEL_LENGTH, type Versions, type VersionRow } from '../history/versions';

const COLUMNS = `m.id, m.board_id AS boardId, m.title, m.agenda, m.current_item AS currentItem,
	m.presenter_id AS presenterId, p.name AS presenterName, m.started_by AS startedBy, s.name AS startedByName,
	m.started_at AS startedAt, m.ended_at AS endedAt, m.version_label AS versionLabel`;
const FROM = `FROM meetings m LEFT JOIN users p ON p.id = m.presenter_id LEFT JOIN users s ON s.id = m.started_by`;
const SQL_RUNNING = `SELECT ${COLUMNS} ${FROM} WHERE m.board_id = ? AND m.ended_at IS NULL`;
const SQL_IS_RUNNING = `SELECT 1 FROM meetings WHERE board_id = ? AND ended_at IS NULL`;
const SQL_GET = `SELECT ${COLUMNS} ${FROM} WHERE m.board_id = ? AND m.id = ?`;
const SQL_LIST = `SELECT ${COLUMNS} ${FROM} WHERE m.board_id = ? ORDER BY m.started_at DESC, m.id DESC`;
const SQL_INSERT = `INSERT INTO meetings (board_id, title, agenda, current_item, presenter_id, started_by, started_at)
	VALUES (?, ?, ?, 0, ?, ?, ?)`;
const SQL_SET_ITEM = `UPDATE meetings SET current_item = ?, presenter_id = ? WHERE id = ? AND ended_at IS NULL`;
const SQL_END = `UPDATE meetings SET ended_at = ?, ended_by = ?, version_label = ?, minutes = ? WHERE id = ? AND ended_at IS NULL`;
const SQL_MINUTES = `SELECT minutes FROM meetings WHERE board_id = ? AND id = ?`;

type MeetingRow = Omit<MeetingView, 'agenda'> & { agenda: string };

function view(row: MeetingRow | undefined): MeetingView | undefined {
	return row && { ...row, agenda: JSON.parse(row.agenda) as string[] };
}

/** The `meetings` table: at most one running meeting per board (a partial unique index says so too). */
export class Meetings {
	#running;
	#isRunning;
	#get;
	#list;
	#insert;
	#setItem;
	#end;
	#minutes;

	constructor(db: Db) {
		this.#running = db.prepare(SQL_RUNNING);
		this.#isRunning = db.prepare(SQL_IS_RUNNING).pluck();
		this.#get = db.prepare(SQL_GET);
		this.#list = db.prepare(SQL_LIST);
		this.#insert = db.prepare(SQL_INSERT);
		this.#setItem = db.prepare(SQL_SET_ITEM);
		this.#end = db.prepare(SQL_END);
		this.#minutes = db.prepare(SQL_MINUTES).pluck();
	}

	/** The board's running meeting, if any. */
	running(boardId: string): MeetingView | undefined {
		return view(this.#running.get(boardId) as MeetingRow | undefined);
	}

	/** Read for every WebSocket update (the chair's meeting rights): one indexed lookup. */
	isRunning(boardId: string): boolean {
		return this.#isRunning.get(boardId) !== undefined;
	}

	get(boardId: string, id: number): MeetingView | undefined {
		return view(this.#get.get(boardId, id) as MeetingRow | undefined);
	}

	/** Newest first. */
	list(boardId: string): MeetingView[] {
		return (this.#list.all(boardId) as MeetingRow[]).map((r) => view(r)!);
	}

	/** The minutes saved when the meeting ended (null while it runs). */
	minutes(boardId: string, id: number): Minutes | null {
		const json = this.#minutes.get(boardId, id) as string | null | undefined;
		if (!json) return null;
		const minutes = JSON.parse(json) as Minutes;
		// Minutes saved before they named rejected suggestions have no such list.
		for (const section of [...minutes.items, minutes.other]) section.suggestions ??= [];
		return minutes;
	}

	insert(m: { boardId: string; title: string; agenda: string[]; startedBy: number; startedAt: number }): MeetingView {
		const { lastInsertRowid } = this.#insert.run(m.boardId, m.title, JSON.stringify(m.agenda), m.startedBy, m.startedBy, m.startedAt);
		return this.get(m.boardId, Number(lastInsertRowid))!;
	}

	setItem(id: number, item: number, presenterId: number): boolean {
		return this.#setItem.run(item, presenterId, id).changes === 1;
	}

	end(id: number, e: { endedAt: number; endedBy: number; versionLabel: string; minutes: Minutes }): boolean {
		return this.#end.run(e.endedAt, e.endedBy, e.versionLabel, JSON.stringify(e.minutes), id).changes === 1;
	}
}

/** What the meeting operations below need (the app context has all of it). */
export interface MeetingDeps {
	db: Db;
	boards: Boards;
	rooms: Rooms;
	store: DocStore;
	versions: Versions;
	meetings: Meetings;
	history: HistoryQueries;
	comments: Comments;
	suggestions: Suggestions;
}

/** The person asking, as the permission rules see them. */
export type MeetingActor = Actor & { id: number };

const NOT_ALLOWED = 'Only the chair and the secretariat run meetings.';

/** The board's meeting `meetingId`, which must still be running. */
function runningMeeting(deps: MeetingDeps, boardId: string, meetingId: number): MeetingView {
	const meeting = deps.meetings.get(boardId, meetingId);
	if (!meeting) throw notFound('No such meeting on this board.');
	if (meeting.endedAt !== null) throw conflict('This meeting has ended.');
	return meeting;
}

/** Starts a meeting on an open board with an agenda typed as provision references ("A.b, D.e"). */
export function startMeeting(
	deps: MeetingDeps,
	boardId: string,
	input: { title: unknown; agenda: unknown },
	actor: MeetingActor,
	now = Date.now()
): MeetingView {
	const board = deps.boards.require(boardId);
	if (!canRunMeeting(actor)) throw forbidden(NOT_ALLOWED);
	if (board.status !== 'open') throw conflict('This board is finalized: reopen it before holding a meeting on it.');
	const title = checkMeetingTitle(input.title);
	if ('problem' in title) throw badRequest(title.problem);
	const agenda = parseAgenda(typeof input.agenda === 'string' ? input.agenda : '', readBoard(deps.rooms.readDocs(boardId)).provisions);
	if ('problem' in agenda) throw badRequest(agenda.problem);
	const running = deps.meetings.running(boardId);
	if (running) throw conflict(`“${running.title}” is still running on this board: end it first.`);
	return deps.meetings.insert({ boardId, title: title.title, agenda: agenda.agenda, startedBy: actor.id, startedAt: now });
}

/** Moves a running meeting to agenda item `item` (0-based); whoever does it becomes the presenter. */
export function moveToItem(deps: MeetingDeps, boardId: string, meetingId: number, item: number, actor: MeetingActor): MeetingView {
	deps.boards.require(boardId);
	if (!canRunMeeting(actor)) throw forbidden(NOT_ALLOWED);
	const meeting = runningMeeting(deps, boardId, meetingId);
	if (!Number.isInteger(item) || item < 0 || item >= meeting.agenda.length) {
		throw badRequest(`The agenda has items 1 to ${meeting.agenda.length}.`);
	}
	deps.meetings.setItem(meetingId, item, actor.id);
	return deps.meetings.get(boardId, meetingId)!;
}

/** "SOMTC WG 12 — 8 June 2026", shortened to fit a version label and made unique on the board. */
function versionLabelFor(deps: MeetingDeps, boardId: string, title: string, now: number): string {
	const suffix = ` — ${longDate(today(new Date(now)))}`;
	const base = checkLabel(`${title.slice(0, MAX_LABEL_LENGTH - suffix.length - 4)}${suffix}`);
	let label = base;
	for (let n = 2; deps.versions.has(boardId, label); n++) label = `${base} (${n})`;
	return label;
}

/**
 * Ends a running meeting: saves the board as a named version, composes the
 * draft minutes from the history of the meeting's time span and keeps them
 * with the meeting, all in one transaction (no update lands in between: this
 * runs synchronously, like every write of the collaboration server).
 */
export function endMeeting(
	deps: MeetingDeps,
	boardId: string,
	meetingId: number,
	actor: MeetingActor,
	now = Date.now()
): { meeting: MeetingView; version: VersionRow; minutes: Minutes } {
	deps.boards.require(boardId);
	if (!canRunMeeting(actor)) throw forbidden(NOT_ALLOWED);
	const meeting = runningMeeting(deps, boardId, meetingId);
	return deps.db.transaction(() => {
		const label = versionLabelFor(deps, boardId, meeting.title, now);
		const docs = deps.rooms.readDocs(boardId);
		const version = deps.versions.save({ boardId, label, docs, seq: deps.store.lastSeq(boardId), createdBy: actor.id, createdAt: now });
		const minutes = buildMinutes(deps, { ...meeting, endedAt: now, versionLabel: label }, now);
		deps.meetings.end(meetingId, { endedAt: now, endedBy: actor.id, versionLabel: label, minutes });
		return { meeting: deps.meetings.get(boardId, meetingId)!, version, minutes };
	})();
}
