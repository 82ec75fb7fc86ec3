import { boardOf, pageLoad } from '$lib/server/http';
import { requireMinutes } from '$lib/server/meetings/minutes';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad((event: PageServerLoadEvent) => {
	const board = boardOf(event);
	return { board, minutes: requireMinutes(event.locals.app, board.id, event.params.meetingId) };
});
