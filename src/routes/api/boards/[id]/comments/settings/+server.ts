import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const SETTINGS = z.strictObject({ observersMayComment: z.boolean({ error: 'Send { observersMayComment: true | false }.' }) });

/** PUT { observersMayComment }: the secretariat opens or closes the board's discussion to observers. */
export const PUT: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const { observersMayComment } = await readJson(event.request, SETTINGS);
		const settings = event.locals.app.comments.setObserversMayComment(user, event.params.id, observersMayComment);
		return json({ settings });
	});
