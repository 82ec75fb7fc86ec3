import { json } from '@sveltejs/kit';
import { PeriodAction } from '$lib/contract/monitoring';
import { boardOf, endpoint, idParam, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { action: 'lock' }: the secretariat approves the period; every report in it is then read-only. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		await readJson(event.request, PeriodAction);
		const period = event.locals.app.reporting.lockPeriod(boardOf(event).id, idParam(event.params.periodId, 'reporting period'), user);
		return json({ period });
	});
