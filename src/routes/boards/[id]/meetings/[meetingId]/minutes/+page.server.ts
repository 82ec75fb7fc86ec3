import { error } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { minutesOf } from '$lib/server/minutes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	const minutes = board && /^\d{1,15}$/.test(params.meetingId) ? minutesOf(ctx, board.id, Number(params.meetingId)) : undefined;
	if (!board || !minutes) error(404, 'No such meeting on this board.');
	return { board, minutes };
};
