import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import type { RequestHandler } from './$types';

/**
 * GET `?since=<ms>` or `?version=<label>`: every cell's changes after that
 * time (or after the version was saved), newest first — the board's
 * activity feed — and the changes to its structure (title, columns,
 * provisions). Also lists the board's versions, for choosing one.
 */
export const GET: RequestHandler = ({ params, url, locals }) => {
	if (!locals.user) return json({ message: 'Sign in first.' }, { status: 401 });
	const ctx = getAppContext();
	if (!ctx.boards.get(params.id)) return json({ message: 'No board with this id.' }, { status: 404 });
	const versions = ctx.versions.list(params.id).map((v) => ({ label: v.label, createdAt: v.createdAt }));
	const label = url.searchParams.get('version');
	let since: number;
	if (label !== null) {
		const version = ctx.versions.get(params.id, label);
		if (!version) return json({ message: `No version named “${label}”.` }, { status: 404 });
		since = version.createdAt;
	} else {
		since = Number(url.searchParams.get('since') ?? NaN);
		if (!Number.isFinite(since)) return json({ message: 'Give since=<ms since 1970> or version=<label>.' }, { status: 400 });
	}
	return json({ since, rows: ctx.history.activity(params.id, since), structure: ctx.history.structureSince(params.id, since), versions });
};
