import { notFound } from '$lib/server/app-error';
import { readBoard } from '$lib/board/view';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

/** A saved version, read-only. */
export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const version = ctx.versions.get(board.id, params.label);
	const docs = version && ctx.versions.docs(board.id, params.label);
	if (!version || !docs) throw notFound(`No version named “${params.label}”.`);
	const view = readBoard(docs);
	docs.destroy();
	return { board, version, view, bodies: boards.listBodies(ctx.db).filter((b) => !b.parent) };
});
