import { json } from '@sveltejs/kit';
import type { SourceLines } from '$lib/board/uncertain';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET ?from=N&to=M: lines of the transcribed 2016 matrix, for anyone signed in (it is the board's public source). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const from = Number(event.url.searchParams.get('from'));
		const to = Number(event.url.searchParams.get('to') ?? from);
		return json(boards.matrixLines(event.locals.app.config.seedsDir, from, to) satisfies SourceLines, { headers: { 'cache-control': 'private, max-age=3600' } });
	});
