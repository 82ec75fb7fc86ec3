import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { EXPORT_FORMATS, exportBoard, isExportFormat } from '$lib/server/export';
import { ExportError, loadExportModel } from '$lib/server/export/source';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** GET ?format=xlsx|docx|pdf|csv|json[&version=<label>]: the board (or one of its named versions) as a download. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	requireRole(locals, 'observer', 'delegate', 'chair', 'secretariat');
	const format = url.searchParams.get('format') ?? '';
	if (!isExportFormat(format)) {
		return json({ message: `Unknown export format “${format}”. Use one of ${EXPORT_FORMATS.join(', ')}.` }, { status: 400 });
	}
	const version = url.searchParams.get('version')?.trim() || null;
	const ctx = getAppContext();
	let model;
	try {
		model = loadExportModel({ db: ctx.db, boards: ctx.boards, readDoc: (id) => ctx.rooms.readDoc(id) }, params.id, version);
	} catch (e) {
		if (e instanceof ExportError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
	const file = await exportBoard(model, format);
	return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.bytes.length),
			'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
