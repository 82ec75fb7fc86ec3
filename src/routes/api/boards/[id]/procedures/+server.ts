import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { boardOf, endpoint } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's ad referendum and silence procedures with each body's answer, oldest first. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const board = boardOf(event);
		return json({ procedures: getAppContext().procedures.list(board.id) });
	});
