import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { boardOf, endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const MOVE = z.strictObject({
	meetingId: z.number({ error: 'Say which meeting (`meetingId`).' }).int().positive(),
	item: z.number({ error: 'Say which agenda item (`item`, from 0).' }).int().min(0)
});

/** GET: the board's running meeting, or null. Browsers on the board poll it. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const board = boardOf(event);
		return json({ meeting: event.locals.app.meetings.running(board.id) ?? null });
	});

/** POST { meetingId, item }: moves the running meeting to an agenda item (the presenter's Previous/Next). */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const { meetingId, item } = await readJson(event.request, MOVE);
		return json({ meeting: event.locals.app.meetings.moveTo(event.params.id, meetingId, item, user) });
	});
