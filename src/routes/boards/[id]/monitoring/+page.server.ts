import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const bodies = boards.listBodies(ctx.db).filter((b) => !b.parent);
	return { board, input: ctx.reporting.dashboardInput(board.id, bodies.map((b) => b.code)) };
});
