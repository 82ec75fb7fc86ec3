import { json } from '@sveltejs/kit';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's ad referendum and silence procedures with each body's answer, oldest first. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		return json({ procedures: event.locals.app.procedures.list(board.id) });
	});
