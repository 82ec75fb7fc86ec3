import { json } from '@sveltejs/kit';
import { RestoreInput, type Restored } from '$lib/contract/history';
import { AppError } from '$lib/server/app-error';
import { restore } from '$lib/server/history/restore';
import { endpoint, readJson } from '$lib/server/http';
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
		const user = { userId: me.id, name: me.name, role: me.role, body: me.body };
		const result = restore(event.locals.app, event.params.id, user, input);
		if (!result.ok) throw new AppError(result.status, result.message);
		return json({ changed: result.changed } satisfies Restored);
	});
