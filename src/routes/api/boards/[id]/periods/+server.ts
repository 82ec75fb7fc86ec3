import { json } from '@sveltejs/kit';
import { NewPeriod, type PeriodList } from '$lib/contract/monitoring';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's reporting periods, oldest window first. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => json({ periods: event.locals.app.periods.list(http.boardOf(event).id) } satisfies PeriodList));

/** POST { label, opensOn, closesOn }: the secretariat opens a reporting period. */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const input = await http.readJson(event.request, NewPeriod);
		return json({ period: event.locals.app.reporting.createPeriod(http.boardOf(event).id, input, user) }, { status: 201 });
	});
