import { json } from '@sveltejs/kit';
import { RestoreInput, type Restored } from '$lib/contract/history';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { RequestHandler } from './$types';

/**
 * POST `{ cell, row, scope: 'entry' | 'cell', at: 'after' | 'before' }`:
 * restores the cell (or the row's entry) to its state after or before that
 * history row, as a new change by the signed-in user. The permission rules
 * of the WebSocket apply: 403 with the reason when the user may not make it.
 */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (me) => {
		const input = await http.readJson(event.request, RestoreInput);
		return json(event.locals.app.restorer.restore(event.params.id, identity.connectionUserOf(me), input) satisfies Restored);
	});
