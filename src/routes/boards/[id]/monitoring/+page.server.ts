import { listBodies } from '$lib/server/boards/bodies';
import { boardOf, pageLoad } from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const bodies = listBodies(ctx.db).filter((b) => !b.parent);
	return { board, input: ctx.reporting.dashboardInput(board.id, bodies.map((b) => b.code)) };
});
