import { listBodies } from '$lib/server/boards/bodies';
import { boardOf, pageLoad } from '$lib/server/http';
import { dashboardInput } from '$lib/server/monitoring/read';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const bodies = listBodies(ctx.db).filter((b) => !b.parent);
	return { board, input: dashboardInput(ctx, board.id, bodies.map((b) => b.code)) };
});
