import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { canRunMeeting } from '$lib/board/permissions';
import { readBoard } from '$lib/board/view';
import { requireUser } from '$lib/server/identity/guards';
import { boardOf, formAction, pageLoad } from '$lib/server/http';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const view = readBoard(ctx.rooms.readDocs(board.id));
	return {
		board,
		meetings: ctx.meetings.list(board.id),
		provisions: view.provisions,
		mayRun: canRunMeeting(locals.user!)
	};
});

/** Title and agenda are checked by `Meetings.start` (the same rules for every caller). */
const START = z.object({ title: z.string().default(''), agenda: z.string().default('') });
const END = z.object({ meetingId: z.coerce.number({ error: 'Say which meeting to end.' }).int('Say which meeting to end.').positive('Say which meeting to end.') });

export const actions: Actions = {
	start: formAction(
		START,
		(input, { params, locals }) => {
			locals.app.meetings.start(params.id, input, requireUser(locals));
			redirect(303, `/boards/${encodeURIComponent(params.id)}`);
		},
		{ keep: ['title', 'agenda'] }
	),
	end: formAction(END, ({ meetingId }, { params, locals }) => {
		const ended = locals.app.meetings.end(params.id, meetingId, requireUser(locals));
		redirect(303, `/boards/${encodeURIComponent(params.id)}/meetings/${ended.meeting.id}/minutes`);
	})
};
