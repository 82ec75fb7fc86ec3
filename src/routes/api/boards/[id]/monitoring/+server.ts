import { json } from '@sveltejs/kit';
import type { MonitoringAnswer } from '$lib/contract/monitoring';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: what the monitoring figures are computed from (`computeDashboard`): agreed activities, periods and every report. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const ctx = event.locals.app;
		const bodies = boards.listBodies(ctx.db).filter((b) => !b.parent).map((b) => b.code);
		return json({ input: ctx.reporting.dashboardInput(http.boardOf(event).id, bodies) } satisfies MonitoringAnswer);
	});
