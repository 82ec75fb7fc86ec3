import { error } from '@sveltejs/kit';
import { minutesMarkdown } from '$lib/board/minutes-markdown';
import { getAppContext } from '$lib/server/app-context';
import { minutesFileName, minutesOf } from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as Markdown (a download). */
export const GET: RequestHandler = ({ params }) => {
	const ctx = getAppContext();
	const minutes = /^\d{1,15}$/.test(params.meetingId) ? minutesOf(ctx, params.id, Number(params.meetingId)) : undefined;
	if (!minutes) error(404, 'No such meeting on this board.');
	return new Response(minutesMarkdown(minutes), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${minutesFileName(minutes, 'md')}"`,
			'cache-control': 'no-store'
		}
	});
};
