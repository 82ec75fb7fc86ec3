import { CONTENT_TYPES } from '$lib/server/export/format';
import { endpoint } from '$lib/server/http';
import { minutesFileName } from '$lib/server/meetings/minutes';
import { minutesDocx } from '$lib/server/meetings/minutes-docx';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as a Word document (a download). */
export const GET: RequestHandler = (event) =>
	endpoint(event, async () => {
		const minutes = event.locals.app.meetings.requireMinutes(event.params.id, event.params.meetingId);
		const bytes = await minutesDocx(minutes);
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': CONTENT_TYPES.docx,
				'content-length': String(bytes.length),
				'content-disposition': `attachment; filename="${minutesFileName(minutes, 'docx')}"`,
				'cache-control': 'no-store'
			}
		});
	});
