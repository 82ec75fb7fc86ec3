import { json } from '@sveltejs/kit';
import { NewPeriod, type PeriodList } from '$lib/contract/monitoring';
import { boardOf, endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the board's reporting periods, oldest window first. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => json({ periods: event.locals.app.periods.list(boardOf(event).id) } satisfies PeriodList));

/** POST { label, opensOn, closesOn }: the secretariat opens a reporting period. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const input = await readJson(event.request, NewPeriod);
		return json({ period: event.locals.app.reporting.createPeriod(boardOf(event).id, input, user) }, { status: 201 });
	});
