import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { badRequest } from '$lib/server/app-error';
import { summarizeBoards } from '$lib/server/boards/summary';
import { requireRole } from '$lib/server/identity/guards';
import { formAction } from '$lib/server/http';
import { BOARD_TEMPLATES, createBoard, newBoardProblem, type BoardTemplate } from '$lib/server/boards/new-board';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	return { boards: summarizeBoards(locals.app), templates: BOARD_TEMPLATES, now: Date.now() };
};

const field = z.string().trim().default('');
/** The rules of a new board are `newBoardProblem`'s, shared with the tests and the import. */
const NEW_BOARD = z.object({ title: field, asOf: field, template: field });

export const actions: Actions = {
	create: formAction(
		NEW_BOARD,
		(input, { locals }) => {
			const me = requireRole(locals, 'secretariat');
			const problem = newBoardProblem(input);
			if (problem) throw badRequest(problem);
			const board = createBoard(locals.app, { title: input.title, asOf: input.asOf || null, template: input.template as BoardTemplate }, me.id);
			redirect(303, `/boards/${board.id}`);
		},
		{ keep: ['title', 'asOf', 'template'] }
	)
};
