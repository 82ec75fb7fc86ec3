import { boardOf, pageLoad } from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad((event: PageServerLoadEvent) => {
	const board = boardOf(event);
	return { board, minutes: event.locals.app.meetings.requireMinutes(board.id, event.params.meetingId) };
});
