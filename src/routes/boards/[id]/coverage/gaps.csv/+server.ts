import { error } from '@sveltejs/kit';
import { computeCoverage, gapsToCsv } from '$lib/board/coverage';
import { readBoard } from '$lib/board/view';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	if (!board) error(404, 'No board with this id.');
	const view = readBoard(ctx.rooms.readDocs(board.id));
	const csv = gapsToCsv(view, computeCoverage(view, listBodies(ctx.db).filter((b) => !b.parent)).gaps);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${board.id}-gaps.csv"`
		}
	});
};
