import { json } from '@sveltejs/kit';
import { RestoreInput, type Restored } from '$lib/contract/history';
import { endpoint, readJson } from '$lib/server/http';
import { connectionUserOf } from '$lib/server/identity/connection-user';
import type { RequestHandler } from './$types';

/**
 * POST `{ cell, row, scope: 'entry' | 'cell', at: 'after' | 'before' }`:
 * restores the cell (or the row's entry) to its state after or before that
 * history row, as a new change by the signed-in user. The permission rules
 * of the WebSocket apply: 403 with the reason when the user may not make it.
 */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (me) => {
		const input = await readJson(event.request, RestoreInput);
		return json(event.locals.app.restorer.restore(event.params.id, connectionUserOf(me), input) satisfies Restored);
	});
