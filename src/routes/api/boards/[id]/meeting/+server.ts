import { json } from '@sveltejs/kit';
import { MoveMeeting, type MeetingAnswer } from '$lib/contract/meetings';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's running meeting, or null. Browsers on the board poll it. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		return json({ meeting: event.locals.app.meetings.running(board.id) ?? null } satisfies MeetingAnswer);
	});

/** POST { meetingId, item }: moves the running meeting to an agenda item (the presenter's Previous/Next). */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const { meetingId, item } = await http.readJson(event.request, MoveMeeting);
		return json({ meeting: event.locals.app.meetings.moveTo(event.params.id, meetingId, item, user) } satisfies MeetingAnswer);
	});
