import { computeCoverage, gapsToCsv } from '$lib/board/coverage';
import { readBoard } from '$lib/board/view';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The coverage view's gap list as a CSV download. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		const ctx = event.locals.app;
		const view = readBoard(ctx.rooms.readDocs(board.id));
		const csv = gapsToCsv(view, computeCoverage(view, boards.listBodies(ctx.db).filter((b) => !b.parent)).gaps);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${board.id}-gaps.csv"`
			}
		});
	});
