import { notFound } from '$lib/server/app-error';
import { readBoard } from '$lib/board/view';
import { boardOf, pageLoad } from '$lib/server/http';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import type { PageServerLoadEvent } from './$types';

/** A saved version, read-only. */
export const load = pageLoad(({ params }: PageServerLoadEvent) => {
	const ctx = getAppContext();
	const board = boardOf({ params });
	const version = ctx.versions.get(board.id, params.label);
	const docs = version && ctx.versions.docs(board.id, params.label);
	if (!version || !docs) throw notFound(`No version named “${params.label}”.`);
	const view = readBoard(docs);
	docs.destroy();
	return { board, version, view, bodies: listBodies(ctx.db).filter((b) => !b.parent) };
});
