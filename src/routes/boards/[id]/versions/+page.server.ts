import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { whyNot } from '$lib/board/permissions';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const me = locals.user!;
	return {
		board,
		versions: ctx.versions.list(board.id),
		/** Why the signed-in user may not do each (null: they may). */
		whyNot: {
			save: ctx.versions.whyNotSave(me),
			finalize: board.status === 'open' ? whyNot(me, { kind: 'set-board-status', to: 'finalized' }, board.status) : 'The board is already finalized.',
			reopen: board.status === 'finalized' ? whyNot(me, { kind: 'set-board-status', to: 'open' }, board.status) : 'The board is open.'
		}
	};
});

/** The label is checked by `Versions.save` (trimmed, not empty, not reserved), so the message is the same everywhere. */
const SAVE = z.object({ label: z.string().default('') });
const NO_FIELDS = z.object({});

const toVersions = (boardId: string) => redirect(303, `/boards/${encodeURIComponent(boardId)}/versions`);

export const actions: Actions = {
	save: http.formAction(
		SAVE,
		({ label }, { params, locals }) => {
			locals.app.versions.save(params.id, label, identity.requireUser(locals));
			toVersions(params.id);
		},
		{ keep: ['label'] }
	),
	finalize: http.formAction(NO_FIELDS, (_, { params, locals }) => {
		locals.app.versions.setBoardStatus(params.id, 'finalized', identity.requireUser(locals));
		toVersions(params.id);
	}),
	reopen: http.formAction(NO_FIELDS, (_, { params, locals }) => {
		locals.app.versions.setBoardStatus(params.id, 'open', identity.requireUser(locals));
		toVersions(params.id);
	})
};
