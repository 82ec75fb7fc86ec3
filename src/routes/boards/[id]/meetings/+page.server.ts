import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { canRunMeeting } from '$lib/board/permissions';
import { readBoard } from '$lib/board/view';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
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
	start: http.formAction(
		START,
		(input, { params, locals }) => {
			locals.app.meetings.start(params.id, input, identity.requireUser(locals));
			redirect(303, `/boards/${encodeURIComponent(params.id)}`);
		},
		{ keep: ['title', 'agenda'] }
	),
	end: http.formAction(END, ({ meetingId }, { params, locals }) => {
		const ended = locals.app.meetings.end(params.id, meetingId, identity.requireUser(locals));
		redirect(303, `/boards/${encodeURIComponent(params.id)}/meetings/${ended.meeting.id}/minutes`);
	})
};
