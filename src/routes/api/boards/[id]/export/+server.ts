import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { EXPORT_FORMATS, isExportFormat } from '$lib/server/export/format';
import { ExportError, loadExportModel } from '$lib/server/export/source';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/**
 * GET ?format=xlsx|docx|pdf|csv|json[&version=<label>][&comments=1]: the board
 * (or one of its named versions) as a download. `comments=1` adds the
 * discussion annex to a docx; other formats ignore it.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	requireRole(locals, 'observer', 'delegate', 'chair', 'secretariat');
	const format = url.searchParams.get('format') ?? '';
	if (!isExportFormat(format)) {
		return json({ message: `Unknown export format “${format}”. Use one of ${EXPORT_FORMATS.join(', ')}.` }, { status: 400 });
	}
	const version = url.searchParams.get('version')?.trim() || null;
	const comments = format === 'docx' && url.searchParams.get('comments') === '1';
	const ctx = getAppContext();
	let model;
	try {
		const source = { db: ctx.db, boards: ctx.boards, readDocs: (id: string) => ctx.rooms.readDocs(id), comments: ctx.comments };
		model = loadExportModel(source, params.id, version, { comments });
	} catch (e) {
		if (e instanceof ExportError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
	const file = await ctx.exports.render(model, format);
	return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.bytes.length),
			'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
