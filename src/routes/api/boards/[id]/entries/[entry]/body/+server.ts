import { json } from '@sveltejs/kit';
import { EntryBodyInput, type EntryBodyAnswer } from '$lib/contract/entries';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { RequestHandler } from './$types';

/** POST `{ body }`: moves the entry to that sectoral body (the secretariat only), keeping its id, history and comments. */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (me) => {
		const { body } = await http.readJson(event.request, EntryBodyInput);
		return json(event.locals.app.reattribution.move(event.params.id, event.params.entry, body, identity.connectionUserOf(me)) satisfies EntryBodyAnswer);
	});
