import { json } from '@sveltejs/kit';
import { ActivityQuery, type Activity } from '$lib/contract/history';
import { notFound } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * GET `?since=<ms>` or `?version=<label>`: every cell's changes after that
 * time (or after the version was saved), newest first — the board's
 * activity feed — and the changes to its structure (title, columns,
 * provisions). Also lists the board's versions, for choosing one.
 */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		const query = http.readQuery(event.url, ActivityQuery);
		const ctx = event.locals.app;
		const versions = ctx.versions.list(board.id).map((v) => ({ label: v.label, createdAt: v.createdAt }));
		let since: number;
		if ('version' in query) {
			const version = ctx.versions.get(board.id, query.version);
			if (!version) throw notFound(`No version named “${query.version}”.`);
			since = version.createdAt;
		} else {
			since = query.since;
		}
		return json({ since, rows: ctx.history.activity(board.id, since), structure: ctx.history.structureSince(board.id, since), versions } satisfies Activity);
	});
