import { json } from '@sveltejs/kit';
import type { ExportVersions } from '$lib/contract/exports';
import { listVersionLabels } from '$lib/server/export/source';
import { boardOf, endpoint } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the named versions the export dialog offers, newest first. Anyone signed in may export. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const board = boardOf(event);
		return json({ versions: listVersionLabels(event.locals.app.db, board.id).map((v) => ({ label: v.label })) } satisfies ExportVersions);
	});
