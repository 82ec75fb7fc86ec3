import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { badRequest } from '$lib/server/app-error';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	return { boards: boards.summarizeBoards(locals.app), templates: boards.BOARD_TEMPLATES, now: Date.now() };
};

const field = z.string().trim().default('');
/** The rules of a new board are `newBoardProblem`'s, shared with the tests and the import. */
const NEW_BOARD = z.object({ title: field, asOf: field, template: field });

export const actions: Actions = {
	create: http.formAction(
		NEW_BOARD,
		(input, { locals }) => {
			const me = identity.requireRole(locals, 'secretariat');
			const problem = boards.newBoardProblem(input);
			if (problem) throw badRequest(problem);
			const board = boards.createBoard(locals.app, { title: input.title, asOf: input.asOf || null, template: input.template as boards.BoardTemplate }, me.id);
			redirect(303, `/boards/${board.id}`);
		},
		{ keep: ['title', 'asOf', 'template'] }
	)
};
