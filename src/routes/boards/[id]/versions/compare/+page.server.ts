import { notFound } from '$lib/server/app-error';
import { compareBoards } from '$lib/board/diff';
import { readBoard, type BoardView } from '$lib/board/view';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { AppContext } from '$lib/server/app-context';
import type { PageServerLoadEvent } from './$types';

/** `now` is the board as it is; anything else names a version. */
function viewOf(ctx: AppContext, boardId: string, side: string): BoardView {
	if (side === 'now') return readBoard(ctx.rooms.readDocs(boardId));
	const docs = ctx.versions.docs(boardId, side);
	if (!docs) throw notFound(`No version named “${side}”.`);
	const view = readBoard(docs);
	docs.destroy();
	return view;
}

/** `?a=<label>&b=<label|now>`: what changed from a to b, per cell. */
export const load = http.pageLoad(({ params, url, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const versions = ctx.versions.list(board.id).map((v) => ({ label: v.label, createdAt: v.createdAt }));
	const a = url.searchParams.get('a') ?? versions.at(-1)?.label ?? 'now';
	const b = url.searchParams.get('b') ?? 'now';
	const before = viewOf(ctx, board.id, a);
	const after = viewOf(ctx, board.id, b);
	return {
		board,
		versions,
		a,
		b,
		view: after,
		changes: compareBoards(before, after),
		bodies: boards.listBodies(ctx.db).filter((x) => !x.parent)
	};
});
