import { error } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { CONTENT_TYPES } from '$lib/server/export/format';
import { minutesFileName, minutesOf } from '$lib/server/minutes';
import { minutesDocx } from '$lib/server/minutes-docx';
import type { RequestHandler } from './$types';

/** The meeting's draft minutes as a Word document (a download). */
export const GET: RequestHandler = async ({ params }) => {
	const ctx = getAppContext();
	const minutes = /^\d{1,15}$/.test(params.meetingId) ? minutesOf(ctx, params.id, Number(params.meetingId)) : undefined;
	if (!minutes) error(404, 'No such meeting on this board.');
	const bytes = await minutesDocx(minutes);
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': CONTENT_TYPES.docx,
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="${minutesFileName(minutes, 'docx')}"`,
			'cache-control': 'no-store'
		}
	});
};
