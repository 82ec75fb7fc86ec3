import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { boardOf, endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const CREATE = z.strictObject({
	label: z.string({ error: 'Name the period (`label`), e.g. "2024".' }),
	opensOn: z.string({ error: 'Say when the window opens (`opensOn`, YYYY-MM-DD).' }),
	closesOn: z.string({ error: 'Say when the window closes (`closesOn`, YYYY-MM-DD).' })
});

/** GET: the board's reporting periods, oldest window first. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => json({ periods: event.locals.app.periods.list(boardOf(event).id) }));

/** POST { label, opensOn, closesOn }: the secretariat opens a reporting period. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const input = await readJson(event.request, CREATE);
		return json({ period: event.locals.app.reporting.createPeriod(boardOf(event).id, input, user) }, { status: 201 });
	});
