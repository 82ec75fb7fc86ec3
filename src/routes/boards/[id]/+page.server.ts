import { readBoard } from '$lib/board/view';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const user = locals.user!;
	return {
		board,
		view: readBoard(ctx.rooms.readDocs(board.id)),
		bodies: boards.listBodies(ctx.db),
		me: { id: user.id, name: user.name, role: user.role, body: user.body }
	};
});
