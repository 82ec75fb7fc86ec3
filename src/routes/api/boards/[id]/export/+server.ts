import { ExportQuery, publicationFromParams } from '$lib/contract/exports';
import * as boards from '$lib/server/boards';
import * as exporter from '$lib/server/export';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * GET ?format=xlsx|docx|pdf|csv|json[&version=<label>][&comments=1]
 * [&empty=row|omit|note][&legend=0][&paper=A4|A3][&large=1][&progress=<period id>]: the board (or
 * one of its named versions) as a download. `comments=1` adds the discussion
 * annex to a docx; the publication options shape xlsx, docx and pdf;
 * `progress` prints each agreed activity's reported progress in that period
 * (the progress layer; xlsx, docx and pdf only). Anyone signed in may export.
 */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, async () => {
		const query = http.readQuery(event.url, ExportQuery);
		const version = query.version?.trim() || null;
		const comments = query.format === 'docx' && query.comments === '1';
		const ctx = event.locals.app;
		const source = {
			db: ctx.db,
			boards: ctx.boards,
			readDocs: (id: string) => ctx.rooms.readDocs(id),
			comments: ctx.comments,
			section: exporter.apaSection(boards.loadSeeds(ctx.config.seedsDir))
		};
		const layer = query.progress ? ctx.reporting.progressLayer(event.params.id, query.progress, query.format) : undefined;
		const model = exporter.loadExportModel(source, event.params.id, version, { comments, layer, publication: publicationFromParams(event.url.searchParams) });
		const file = await ctx.exports.render(model, query.format);
		return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': file.contentType,
				'content-length': String(file.bytes.length),
				'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
				'cache-control': 'no-store'
			}
		});
	});
