import { notFound } from '$lib/server/app-error';
import { readBoard } from '$lib/board/view';
import { boardOf, pageLoad } from '$lib/server/http';
import { listBodies } from '$lib/server/boards/bodies';
import type { PageServerLoadEvent } from './$types';

/** A saved version, read-only. */
export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const version = ctx.versions.get(board.id, params.label);
	const docs = version && ctx.versions.docs(board.id, params.label);
	if (!version || !docs) throw notFound(`No version named “${params.label}”.`);
	const view = readBoard(docs);
	docs.destroy();
	return { board, version, view, bodies: listBodies(ctx.db).filter((b) => !b.parent) };
});
