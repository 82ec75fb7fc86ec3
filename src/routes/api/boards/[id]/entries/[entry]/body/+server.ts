import { json } from '@sveltejs/kit';
import { EntryBodyInput, type EntryBodyAnswer } from '$lib/contract/entries';
import { endpoint, readJson } from '$lib/server/http';
import { connectionUserOf } from '$lib/server/identity/connection-user';
import type { RequestHandler } from './$types';

/** POST `{ body }`: moves the entry to that sectoral body (the secretariat only), keeping its id, history and comments. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (me) => {
		const { body } = await readJson(event.request, EntryBodyInput);
		return json(event.locals.app.reattribution.move(event.params.id, event.params.entry, body, connectionUserOf(me)) satisfies EntryBodyAnswer);
	});
