import { csvText } from '$lib/csv-field';
import { computeDashboard, dashboardCsvRows } from '$lib/monitoring/dashboard';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The monitoring dashboard's figures (every period by part, category and body) as a CSV download. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		const ctx = event.locals.app;
		const input = ctx.reporting.dashboardInput(board.id, boards.listBodies(ctx.db).filter((b) => !b.parent).map((b) => b.code));
		const names = {
			parts: Object.fromEntries(input.parts.map((p) => [p.id, `${p.id}. ${p.title}`])),
			categories: Object.fromEntries(input.categories.map((c) => [c.id, c.name]))
		};
		return new Response(csvText(dashboardCsvRows(computeDashboard(input), names)), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${board.id}-monitoring.csv"`
			}
		});
	});
