import { error } from '@sveltejs/kit';
import { readBoard } from '$lib/board/view';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import type { PageServerLoad } from './$types';

/** A saved version, read-only. */
export const load: PageServerLoad = ({ params }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	if (!board) error(404, 'No board with this id.');
	const version = ctx.versions.get(board.id, params.label);
	const docs = version && ctx.versions.docs(board.id, params.label);
	if (!version || !docs) error(404, `No version named “${params.label}”.`);
	const view = readBoard(docs);
	docs.destroy();
	return { board, version, view, bodies: listBodies(ctx.db).filter((b) => !b.parent) };
};
