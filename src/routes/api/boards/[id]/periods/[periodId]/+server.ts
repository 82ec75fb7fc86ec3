import { json } from '@sveltejs/kit';
import { PeriodAction } from '$lib/contract/monitoring';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { action: 'lock' }: the secretariat approves the period; every report in it is then read-only. */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		await http.readJson(event.request, PeriodAction);
		const period = event.locals.app.reporting.lockPeriod(http.boardOf(event).id, http.idParam(event.params.periodId, 'reporting period'), user);
		return json({ period });
	});
