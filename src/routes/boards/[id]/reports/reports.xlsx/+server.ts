import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import * as monitoring from '$lib/server/monitoring';
import type { RequestHandler } from './$types';

/** Every progress report of the board, and their history, as one Excel workbook. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, async () => {
		const board = http.boardOf(event);
		const ctx = event.locals.app;
		const bodies = boards.listBodies(ctx.db).filter((b) => !b.parent).map((b) => b.code);
		const input = ctx.reporting.dashboardInput(board.id, bodies);
		const events = input.periods.flatMap((p) => bodies.flatMap((body) => ctx.periods.events(p.id, body).map((e) => ({ period: p.label, body, event: e }))));
		const bytes = await monitoring.reportsXlsx(input, events);
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${board.id}-progress-reports.xlsx"`,
				'cache-control': 'no-store'
			}
		});
	});
