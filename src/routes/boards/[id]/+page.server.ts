import { error } from '@sveltejs/kit';
import { readBoard } from '$lib/board/view';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	if (!board) error(404, 'No board with this id.');
	const user = locals.user!;
	return {
		board,
		view: readBoard(ctx.rooms.readDocs(board.id)),
		bodies: listBodies(ctx.db),
		me: { id: user.id, name: user.name, role: user.role, body: user.body }
	};
};
