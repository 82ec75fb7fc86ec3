import { minutesMarkdown } from '$lib/board/minutes-markdown';
import * as http from '$lib/server/http';
import * as meetings from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as Markdown (a download). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const minutes = event.locals.app.meetings.requireMinutes(event.params.id, event.params.meetingId);
		return new Response(minutesMarkdown(minutes), {
			headers: {
				'content-type': 'text/markdown; charset=utf-8',
				'content-disposition': `attachment; filename="${meetings.minutesFileName(minutes, 'md')}"`,
				'cache-control': 'no-store'
			}
		});
	});
