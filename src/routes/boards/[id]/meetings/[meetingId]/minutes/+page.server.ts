import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = http.pageLoad((event: PageServerLoadEvent) => {
	const board = http.boardOf(event);
	return { board, minutes: event.locals.app.meetings.requireMinutes(board.id, event.params.meetingId) };
});
