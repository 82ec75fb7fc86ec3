import { json } from '@sveltejs/kit';
import type { MonitoringAnswer } from '$lib/contract/monitoring';
import { listBodies } from '$lib/server/boards/bodies';
import { boardOf, endpoint } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: what the monitoring figures are computed from (`computeDashboard`): agreed activities, periods and every report. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const ctx = event.locals.app;
		const bodies = listBodies(ctx.db).filter((b) => !b.parent).map((b) => b.code);
		return json({ input: ctx.reporting.dashboardInput(boardOf(event).id, bodies) } satisfies MonitoringAnswer);
	});
