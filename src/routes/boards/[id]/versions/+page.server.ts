import { error, fail, redirect } from '@sveltejs/kit';
import { whyNot } from '$lib/board/permissions';
import { getAppContext } from '$lib/server/app-context';
import { saveVersion, setBoardStatus, VersionError, whyNotSaveVersion } from '$lib/server/versions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	if (!board) error(404, 'No board with this id.');
	const me = locals.user!;
	return {
		board,
		versions: ctx.versions.list(board.id),
		/** Why the signed-in user may not do each (null: they may). */
		whyNot: {
			save: whyNotSaveVersion(me),
			finalize: board.status === 'open' ? whyNot(me, { kind: 'set-board-status', to: 'finalized' }, board.status) : 'The board is already finalized.',
			reopen: board.status === 'finalized' ? whyNot(me, { kind: 'set-board-status', to: 'open' }, board.status) : 'The board is open.'
		}
	};
};

function failWith(e: unknown, extra: Record<string, unknown> = {}) {
	if (e instanceof VersionError) {
		if (e.status === 404) error(404, e.message);
		return fail(e.status, { ...extra, message: e.message });
	}
	throw e;
}

export const actions: Actions = {
	save: async ({ params, request, locals }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const label = (await request.formData()).get('label');
		try {
			saveVersion(getAppContext(), params.id, typeof label === 'string' ? label : '', locals.user);
		} catch (e) {
			return failWith(e, { label: typeof label === 'string' ? label : '' });
		}
		redirect(303, `/boards/${encodeURIComponent(params.id)}/versions`);
	},
	finalize: ({ params, locals }) => {
		if (!locals.user) error(401, 'Sign in first.');
		try {
			setBoardStatus(getAppContext(), params.id, 'finalized', locals.user);
		} catch (e) {
			return failWith(e);
		}
		redirect(303, `/boards/${encodeURIComponent(params.id)}/versions`);
	},
	reopen: ({ params, locals }) => {
		if (!locals.user) error(401, 'Sign in first.');
		try {
			setBoardStatus(getAppContext(), params.id, 'open', locals.user);
		} catch (e) {
			return failWith(e);
		}
		redirect(303, `/boards/${encodeURIComponent(params.id)}/versions`);
	}
};
