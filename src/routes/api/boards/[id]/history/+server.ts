import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { cellTimeline } from '$lib/server/history/timeline';
import type { RequestHandler } from './$types';

const CELL_KEY = /^[^|]{1,100}\|[^|]{1,100}$/;

/**
 * GET `?cell=<provision|category>[&user=<id>][&body=<code>]`: the cell's
 * history, newest first, as `{ cell, items }`: its changes (at most 2,000)
 * and its comment events (posted, replied, resolved) merged in time order
 * (`TimelineItem` of src/lib/board/discussion.ts). The filters apply to both.
 * Any signed-in user may read it.
 */
export const GET: RequestHandler = ({ params, url, locals }) => {
	if (!locals.user) return json({ message: 'Sign in first.' }, { status: 401 });
	const ctx = getAppContext();
	if (!ctx.boards.get(params.id)) return json({ message: 'No board with this id.' }, { status: 404 });
	const cell = url.searchParams.get('cell') ?? '';
	if (!CELL_KEY.test(cell)) return json({ message: 'Name a cell as cell=<provision>|<category>.' }, { status: 400 });
	const user = url.searchParams.get('user');
	const userId = user ? Number(user) : null;
	if (userId !== null && !Number.isInteger(userId)) return json({ message: 'user must be a user id.' }, { status: 400 });
	const body = url.searchParams.get('body') || null;
	return json({ cell, items: cellTimeline(ctx, params.id, { cell, userId, body }) });
};
