import { minutesMarkdown } from '$lib/board/minutes-markdown';
import { endpoint } from '$lib/server/http';
import { minutesFileName } from '$lib/server/meetings/minutes';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as Markdown (a download). */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const minutes = event.locals.app.meetings.requireMinutes(event.params.id, event.params.meetingId);
		return new Response(minutesMarkdown(minutes), {
			headers: {
				'content-type': 'text/markdown; charset=utf-8',
				'content-disposition': `attachment; filename="${minutesFileName(minutes, 'md')}"`,
				'cache-control': 'no-store'
			}
		});
	});
