import * as exporter from '$lib/server/export';
import * as http from '$lib/server/http';
import * as meetings from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as a Word document (a download). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, async () => {
		const minutes = event.locals.app.meetings.requireMinutes(event.params.id, event.params.meetingId);
		const bytes = await meetings.minutesDocx(minutes);
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': exporter.CONTENT_TYPES.docx,
				'content-length': String(bytes.length),
				'content-disposition': `attachment; filename="${meetings.minutesFileName(minutes, 'docx')}"`,
				'cache-control': 'no-store'
			}
		});
	});
