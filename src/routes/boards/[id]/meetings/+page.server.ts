import { error, fail, redirect } from '@sveltejs/kit';
import { canRunMeeting } from '$lib/board/permissions';
import { readBoard } from '$lib/board/view';
import { getAppContext } from '$lib/server/app-context';
import { endMeeting, MeetingError, startMeeting } from '$lib/server/meetings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const ctx = getAppContext();
	const board = ctx.boards.get(params.id);
	if (!board) error(404, 'No board with this id.');
	const view = readBoard(ctx.rooms.readDocs(board.id));
	return {
		board,
		meetings: ctx.meetings.list(board.id),
		provisions: view.provisions,
		mayRun: canRunMeeting(locals.user!)
	};
};

function failWith(e: unknown, values: Record<string, string> = {}) {
	if (e instanceof MeetingError) {
		if (e.status === 404) error(404, e.message);
		return fail(e.status, { ...values, message: e.message });
	}
	throw e;
}

const text = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

export const actions: Actions = {
	start: async ({ params, request, locals }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const form = await request.formData();
		const values = { title: text(form.get('title')), agenda: text(form.get('agenda')) };
		try {
			startMeeting(getAppContext(), params.id, values, locals.user);
		} catch (e) {
			return failWith(e, values);
		}
		redirect(303, `/boards/${encodeURIComponent(params.id)}`);
	},
	end: async ({ params, request, locals }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const meetingId = Number(text((await request.formData()).get('meetingId')));
		if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return fail(400, { message: 'Say which meeting to end.' });
		let ended;
		try {
			ended = endMeeting(getAppContext(), params.id, meetingId, locals.user);
		} catch (e) {
			return failWith(e);
		}
		redirect(303, `/boards/${encodeURIComponent(params.id)}/meetings/${ended.meeting.id}/minutes`);
	}
};
