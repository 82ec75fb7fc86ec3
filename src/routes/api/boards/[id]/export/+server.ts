import { json } from '@sveltejs/kit';
import { publicationFromParams } from '$lib/export-options';
import { getAppContext } from '$lib/server/app-context';
import { EXPORT_FORMATS, isExportFormat } from '$lib/server/export/format';
import { apaSection } from '$lib/server/export/section';
import { ExportError, loadExportModel } from '$lib/server/export/source';
import { loadSeeds } from '$lib/server/seeds';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/**
 * GET ?format=xlsx|docx|pdf|csv|json[&version=<label>][&comments=1]
 * [&empty=row|omit|note][&legend=0][&paper=A4|A3][&large=1]: the board (or
 * one of its named versions) as a download. `comments=1` adds the discussion
 * annex to a docx; the publication options shape xlsx, docx and pdf.
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
		const source = {
			db: ctx.db,
			boards: ctx.boards,
			readDoc: (id: string) => ctx.rooms.readDoc(id),
			comments: ctx.comments,
			section: apaSection(loadSeeds(ctx.config.seedsDir))
		};
		model = loadExportModel(source, params.id, version, { comments, publication: publicationFromParams(url.searchParams) });
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
