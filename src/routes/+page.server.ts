import { fail, redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { requireRole } from '$lib/server/guards';
import { BOARD_TEMPLATES, createBoard, newBoardProblem, type BoardTemplate } from '$lib/server/new-board';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { boards } = getAppContext();
	return { boards: boards.list(), templates: BOARD_TEMPLATES };
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const me = requireRole(locals, 'secretariat');
		const form = await request.formData();
		const field = (name: string) => {
			const v = form.get(name);
			return typeof v === 'string' ? v.trim() : '';
		};
		const input = { title: field('title'), asOf: field('asOf'), template: field('template') };
		const problem = newBoardProblem(input);
		if (problem) return fail(400, { ...input, message: problem });
		const board = createBoard(
			getAppContext(),
			{ title: input.title, asOf: input.asOf || null, template: input.template as BoardTemplate },
			me.id
		);
		redirect(303, `/boards/${board.id}`);
	}
};
