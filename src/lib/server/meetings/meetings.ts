import { checkMeetingTitle, parseAgenda, type MeetingView } from '../../board/meeting';
import { composeMinutes, type Minutes } from '../../board/minutes';
import { canRunMeeting, type UserActor } from '../../board/permissions';
import { readBoard } from '../../board/view';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Comments } from '../discussion/comments';
import type { Db } from '../db';
import { longDate, today } from '../export/format';
import { MAX_ROWS, type HistoryQueries } from '../history/queries';
import type { Suggestions } from '../negotiation/suggestions';
import { checkLabel, MAX_LABEL_LENGTH, type Versions, type VersionRow } from '../history/versions';

const COLUMNS = `m.id, m.board_id AS boardId, m.title, m.agenda, m.current_item AS currentItem,
	m.presenter_id AS presenterId, p.name AS presenterName, m.started_by AS startedBy, s.name AS startedByName,
	m.started_at AS startedAt, m.ended_at AS endedAt, m.version_label AS versionLabel`;
const FROM = `FROM meetings m LEFT JOIN users p ON p.id = m.presenter_id LEFT JOIN users s ON s.id = m.started_by`;
const SQL_RUNNING = `SELECT ${COLUMNS} ${FROM} WHERE m.board_id = ? AND m.ended_at IS NULL`;
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

/** What `Meetings` needs besides its table: the board, its live documents, versions, and what the minutes are made from. */
export interface MeetingsDeps {
	db: Db;
	boards: Boards;
	rooms: Rooms;
	versions: Versions;
	history: HistoryQueries;
	comments: Comments;
	suggestions: Suggestions;
}

const NOT_ALLOWED = 'Only the chair and the secretariat run meetings.';
const NO_MEETING = 'No such meeting on this board.';

/**
 * Meetings on boards and their minutes: at most one running meeting per
 * board (a partial unique index says so too); the chair and the secretariat
 * start, move and end them.
 */
export class Meetings {
	#deps;
	#running;
	#get;
	#list;
	#insert;
	#setItem;
	#end;
	#minutes;

	constructor(deps: MeetingsDeps) {
		this.#deps = deps;
		const { db } = deps;
		this.#running = db.prepare(SQL_RUNNING);
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

	get(boardId: string, id: number): MeetingView | undefined {
		return view(this.#get.get(boardId, id) as MeetingRow | undefined);
	}

	/** Newest first. */
	list(boardId: string): MeetingView[] {
		return (this.#list.all(boardId) as MeetingRow[]).map((r) => view(r)!);
	}

	/** Starts a meeting on an open board with an agenda typed as provision references ("A.b, D.e"). */
	start(boardId: string, input: { title: unknown; agenda: unknown }, actor: UserActor, now = Date.now()): MeetingView {
		const board = this.#deps.boards.require(boardId);
		if (!canRunMeeting(actor)) throw forbidden(NOT_ALLOWED);
		if (board.status !== 'open') throw conflict('This board is finalized: reopen it before holding a meeting on it.');
		const title = checkMeetingTitle(input.title);
		if ('problem' in title) throw badRequest(title.problem);
		const agenda = parseAgenda(typeof input.agenda === 'string' ? input.agenda : '', readBoard(this.#deps.rooms.readDocs(boardId)).provisions);
		if ('problem' in agenda) throw badRequest(agenda.problem);
		const running = this.running(boardId);
		if (running) throw conflict(`“${running.title}” is still running on this board: end it first.`);
		const { lastInsertRowid } = this.#insert.run(boardId, title.title, JSON.stringify(agenda.agenda), actor.id, actor.id, now);
		return this.get(boardId, Number(lastInsertRowid))!;
	}

	/** Moves a running meeting to agenda item `item` (0-based); whoever does it becomes the presenter. */
	moveTo(boardId: string, meetingId: number, item: number, actor: UserActor): MeetingView {
		const meeting = this.#runningForChair(boardId, meetingId, actor);
		if (!Number.isInteger(item) || item < 0 || item >= meeting.agenda.length) {
			throw badRequest(`The agenda has items 1 to ${meeting.agenda.length}.`);
		}
		this.#setItem.run(item, actor.id, meetingId);
		return this.get(boardId, meetingId)!;
	}

	/**
	 * Ends a running meeting: saves the board as a named version, composes the
	 * draft minutes from the history of the meeting's time span and keeps them
	 * with the meeting, all in one transaction (no update lands in between: this
	 * runs synchronously, like every write of the collaboration server).
	 */
	end(boardId: string, meetingId: number, actor: UserActor, now = Date.now()): { meeting: MeetingView; version: VersionRow; minutes: Minutes } {
		const meeting = this.#runningForChair(boardId, meetingId, actor);
		return this.#deps.db.transaction(() => {
			const label = this.#versionLabel(boardId, meeting.title, now);
			const version = this.#deps.versions.record({ boardId, label, createdBy: actor.id, createdAt: now });
			const minutes = this.#compose({ ...meeting, endedAt: now, versionLabel: label }, now);
			this.#end.run(now, actor.id, label, JSON.stringify(minutes), meetingId);
			return { meeting: this.get(boardId, meetingId)!, version, minutes };
		})();
	}

	/** The minutes of a board's meeting: as saved when it ended, or a draft so far while it runs; undefined when there is no such meeting. */
	minutes(boardId: string, meetingId: number, now = Date.now()): Minutes | undefined {
		const meeting = this.get(boardId, meetingId);
		if (!meeting) return undefined;
		return this.#savedMinutes(boardId, meetingId) ?? this.#compose(meeting, meeting.endedAt ?? now);
	}

	/** The minutes of the meeting a route's `[meetingId]` names on `boardId`; AppError 404 when there is none. */
	requireMinutes(boardId: string, meetingIdParam: string): Minutes {
		const minutes = /^\d{1,15}$/.test(meetingIdParam) ? this.minutes(boardId, Number(meetingIdParam)) : undefined;
		if (!minutes) throw notFound(NO_MEETING);
		return minutes;
	}

	/** The board's meeting `meetingId`, which must still be running, for someone who may run it. */
	#runningForChair(boardId: string, meetingId: number, actor: UserActor): MeetingView {
		this.#deps.boards.require(boardId);
		if (!canRunMeeting(actor)) throw forbidden(NOT_ALLOWED);
		const meeting = this.get(boardId, meetingId);
		if (!meeting) throw notFound(NO_MEETING);
		if (meeting.endedAt !== null) throw conflict('This meeting has ended.');
		return meeting;
	}

	/** "SOMTC WG 12 — 8 June 2026", shortened to fit a version label and made unique on the board. */
	#versionLabel(boardId: string, title: string, now: number): string {
		const suffix = ` — ${longDate(today(new Date(now)))}`;
		return this.#deps.versions.freeLabel(boardId, checkLabel(`${title.slice(0, MAX_LABEL_LENGTH - suffix.length - 4)}${suffix}`));
	}

	/** The minutes saved when the meeting ended (null while it runs). */
	#savedMinutes(boardId: string, id: number): Minutes | null {
		const json = this.#minutes.get(boardId, id) as string | null | undefined;
		if (!json) return null;
		const minutes = JSON.parse(json) as Minutes;
		// Minutes saved before they named rejected suggestions have no such list.
		for (const section of [...minutes.items, minutes.other]) section.suggestions ??= [];
		return minutes;
	}

	/**
	 * The minutes of `meeting` as of `until` (its end, or now for a running one):
	 * the history rows that overlap its time span, the discussion threads of its
	 * agenda's cells, the suggestions rejected or withdrawn meanwhile and the
	 * board as it is now (for provision and column names).
	 */
	#compose(meeting: MeetingView, until: number): Minutes {
		const { boards, rooms, history, comments, suggestions } = this.#deps;
		const board = boards.get(meeting.boardId);
		const view = readBoard(rooms.readDocs(meeting.boardId));
		return composeMinutes({
			info: {
				meetingId: meeting.id,
				title: meeting.title,
				boardId: meeting.boardId,
				boardTitle: view.title || board?.title || meeting.boardId,
				startedAt: meeting.startedAt,
				endedAt: until,
				running: meeting.endedAt === null,
				startedByName: meeting.startedByName,
				versionLabel: meeting.versionLabel
			},
			view,
			agenda: meeting.agenda,
			rows: history.activity(meeting.boardId, meeting.startedAt - 1, MAX_ROWS),
			threads: comments.listCommentsForExport(meeting.boardId),
			suggestions: suggestions.list(meeting.boardId, 'all')
		});
	}
}
