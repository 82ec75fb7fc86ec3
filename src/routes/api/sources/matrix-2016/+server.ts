import { json } from '@sveltejs/kit';
import type { SourceLines } from '$lib/board/uncertain';
import { endpoint } from '$lib/server/http';
import { matrixLines } from '$lib/server/boards/source-lines';
import type { RequestHandler } from './$types';

/** GET ?from=N&to=M: lines of the transcribed 2016 matrix, for anyone signed in (it is the board's public source). */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const from = Number(event.url.searchParams.get('from'));
		const to = Number(event.url.searchParams.get('to') ?? from);
		return json(matrixLines(event.locals.app.config.seedsDir, from, to) satisfies SourceLines, { headers: { 'cache-control': 'private, max-age=3600' } });
	});
