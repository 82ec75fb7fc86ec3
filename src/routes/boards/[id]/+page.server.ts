import { readBoard } from '$lib/board/view';
import { boardOf, pageLoad } from '$lib/server/http';
import { listBodies } from '$lib/server/boards/bodies';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const user = locals.user!;
	return {
		board,
		view: readBoard(ctx.rooms.readDocs(board.id)),
		bodies: listBodies(ctx.db),
		me: { id: user.id, name: user.name, role: user.role, body: user.body }
	};
});
