import { json } from '@sveltejs/kit';
import type { SourceLines } from '$lib/board/uncertain';
import { SourceLinesQuery } from '$lib/contract/sources';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET ?from=N&to=M: lines of the transcribed 2016 matrix, for anyone signed in (it is the board's public source). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const { from, to = from } = http.readQuery(event.url, SourceLinesQuery);
		return json(boards.matrixLines(event.locals.app.config.seedsDir, from, to) satisfies SourceLines, { headers: { 'cache-control': 'private, max-age=3600' } });
	});
