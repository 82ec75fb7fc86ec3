import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import { connectionUserOf } from '$lib/server/identity/connection-user';
import type { RequestHandler } from './$types';

const RESTORE = z.object(
	{
		cell: z.string().max(201),
		row: z.number().int(),
		scope: z.enum(['entry', 'cell']),
		at: z.enum(['after', 'before'])
	},
	{ error: 'Expected { cell, row, scope: "entry" | "cell", at: "after" | "before" }.' }
);

/**
 * POST `{ cell, row, scope: 'entry' | 'cell', at: 'after' | 'before' }`:
 * restores the cell (or the row's entry) to its state after or before that
 * history row, as a new change by the signed-in user. The permission rules
 * of the WebSocket apply: 403 with the reason when the user may not make it.
 */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (me) => {
		const input = await readJson(event.request, RESTORE);
		return json(event.locals.app.restorer.restore(event.params.id, connectionUserOf(me), input));
	});
