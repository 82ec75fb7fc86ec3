import type { MeetingView } from '../../board/meeting';
import { composeMinutes, type Minutes } from '../../board/minutes';
import { readBoard } from '../../board/view';
import { notFound } from '../app-error';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Comments } from '../discussion/comments';
import { slug } from '../export/format';
import { MAX_ROWS, type HistoryQueries } from '../history/queries';
import type { Meetings } from './meetings';
import type { Suggestions } from '../negotiation/suggestions';

/** What the minutes are made from. */
export interface MinutesDeps {
	boards: Boards;
	rooms: Rooms;
	history: HistoryQueries;
	comments: Comments;
	suggestions: Suggestions;
}

/**
 * The minutes of `meeting` as of `until` (its end, or now for a running one):
 * the history rows that overlap its time span, the discussion threads of its
 * agenda's cells, the suggestions rejected or withdrawn meanwhile and the
 * board as it is now (for provision and column names).
 */
export function buildMinutes(deps: MinutesDeps, meeting: MeetingView, until: number): Minutes {
	const board = deps.boards.get(meeting.boardId);
	const view = readBoard(deps.rooms.readDocs(meeting.boardId));
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
		rows: deps.history.activity(meeting.boardId, meeting.startedAt - 1, MAX_ROWS),
		threads: deps.comments.listCommentsForExport(meeting.boardId),
		suggestions: deps.suggestions.list(meeting.boardId, 'all')
	});
}

/** The minutes of a board's meeting: as saved when it ended, or a draft so far while it runs; undefined when there is no such meeting. */
export function minutesOf(deps: MinutesDeps & { meetings: Meetings }, boardId: string, meetingId: number, now = Date.now()): Minutes | undefined {
	const meeting = deps.meetings.get(boardId, meetingId);
	if (!meeting) return undefined;
	return deps.meetings.minutes(boardId, meetingId) ?? buildMinutes(deps, meeting, meeting.endedAt ?? now);
}

/** `<board>-<meeting title>-minutes.<ext>`: the download's file name (ASCII). */
export function minutesFileName(minutes: Minutes, ext: 'md' | 'docx'): string {
	return `${minutes.info.boardId}-${slug(minutes.info.title)}-minutes.${ext}`;
}

/** The minutes of the meeting a route's `[meetingId]` names on `boardId`; AppError 404 when there is none. */
export function requireMinutes(deps: MinutesDeps & { meetings: Meetings }, boardId: string, meetingIdParam: string): Minutes {
	const minutes = /^\d{1,15}$/.test(meetingIdParam) ? minutesOf(deps, boardId, Number(meetingIdParam)) : undefined;
	if (!minutes) throw notFound('No such meeting on this board.');
	return minutes;
}
