import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import { connectionUserOf } from '$lib/server/identity/connection-user';
import type { RequestHandler } from './$types';

const Input = z.object({ body: z.string().min(1).max(32) });

/** POST `{ body }`: moves the entry to that sectoral body (the secretariat only), keeping its id, history and comments. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (me) => {
		const { body } = await readJson(event.request, Input);
		return json(event.locals.app.reattribution.move(event.params.id, event.params.entry, body, connectionUserOf(me)));
	});
