import { json } from '@sveltejs/kit';
import { matrixRows } from '$lib/board/comment-matrix';
import { CommentMatrixImportQuery, CommentMatrixQuery, type CommentMatrixImport } from '$lib/contract/exports';
import { readBoard } from '$lib/board/view';
import { AppError, badRequest } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import * as negotiation from '$lib/server/negotiation';
import type { RequestHandler } from './$types';

const MAX_BYTES = 5 * 1024 * 1024;
const TYPES = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
} as const;

/** GET ?format=xlsx|docx: the board's open suggestions and open threads as a comment-resolution matrix. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, async () => {
		const { format } = http.readQuery(event.url, CommentMatrixQuery);
		const ctx = event.locals.app;
		const board = http.boardOf(event);
		const view = readBoard(ctx.rooms.readDocs(board.id));
		const rows = matrixRows(view, ctx.suggestions.list(board.id), ctx.comments.listCommentsForExport(board.id));
		const bytes = format === 'xlsx' ? await negotiation.matrixXlsx(view.title, rows) : await negotiation.matrixDocx(view.title, rows);
		return new Response(bytes as unknown as BodyInit, {
			headers: { 'content-type': TYPES[format], 'content-disposition': `attachment; filename="${board.id}-comment-matrix.${format}"` }
		});
	});

/**
 * POST ?body=<code>&apply=0|1 with the filled .xlsx as the request body: what each row becomes (apply=0,
 * the preview), or the suggestions and comments made from it (apply=1), attributed to that body.
 */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const { body, apply } = http.readQuery(event.url, CommentMatrixImportQuery);
		const bytes = new Uint8Array(await event.request.arrayBuffer());
		if (bytes.length === 0) throw badRequest('Send the filled .xlsx file as the request body.');
		if (bytes.length > MAX_BYTES) throw new AppError(400, 'The file is larger than 5 MB.');
		const ctx = event.locals.app;
		const rows = await negotiation.readMatrixXlsx(bytes);
		return json(negotiation.importMatrix(ctx, user, http.boardOf(event).id, body, rows, apply === '1') satisfies CommentMatrixImport);
	});
