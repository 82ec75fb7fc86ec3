import { readBoard } from '$lib/board/view';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import { boardOf, pageLoad } from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = getAppContext();
	const board = boardOf({ params });
	return {
		board,
		view: readBoard(ctx.rooms.readDocs(board.id)),
		bodies: listBodies(ctx.db).filter((b) => !b.parent),
		suggestions: ctx.suggestions.list(board.id),
		me: { id: locals.user!.id, role: locals.user!.role, body: locals.user!.body }
	};
});
