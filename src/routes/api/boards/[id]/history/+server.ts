import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { cellTimeline } from '$lib/server/history/timeline';
import { boardOf, endpoint, readQuery } from '$lib/server/http';
import type { RequestHandler } from './$types';

const QUERY = z.object({
	cell: z.string({ error: 'Name a cell as cell=<provision>|<category>.' }).regex(/^[^|]{1,100}\|[^|]{1,100}$/, 'Name a cell as cell=<provision>|<category>.'),
	user: z.coerce.number({ error: 'user must be a user id.' }).int('user must be a user id.').optional(),
	body: z.string().optional()
});

/**
 * GET `?cell=<provision|category>[&user=<id>][&body=<code>]`: the cell's
 * history, newest first, as `{ cell, items }`: its changes (at most 2,000)
 * and its comment events (posted, replied, resolved) merged in time order
 * (`TimelineItem` of src/lib/board/discussion.ts). The filters apply to both.
 * Any signed-in user may read it.
 */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const board = boardOf(event);
		const { cell, user, body } = readQuery(event.url, QUERY);
		return json({ cell, items: cellTimeline(event.locals.app, board.id, { cell, userId: user ?? null, body: body || null }) });
	});
