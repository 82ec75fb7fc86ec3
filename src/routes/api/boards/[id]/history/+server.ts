import { json } from '@sveltejs/kit';
import { CellHistoryQuery, type CellHistory } from '$lib/contract/history';
import * as history from '$lib/server/history';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * GET `?cell=<provision|category>[&user=<id>][&body=<code>]`: the cell's
 * history, newest first, as `{ cell, items }`: its changes (at most 2,000)
 * and its comment events (posted, replied, resolved) merged in time order
 * (`TimelineItem` of src/lib/board/discussion.ts). The filters apply to both.
 * Any signed-in user may read it.
 */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		const { cell, user, body } = http.readQuery(event.url, CellHistoryQuery);
		return json({ cell, items: history.cellTimeline(event.locals.app, board.id, { cell, userId: user ?? null, body: body || null }) } satisfies CellHistory);
	});
