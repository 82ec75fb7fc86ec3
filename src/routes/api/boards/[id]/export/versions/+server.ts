import { json } from '@sveltejs/kit';
import type { ExportVersions } from '$lib/contract/exports';
import * as exporter from '$lib/server/export';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: the named versions the export dialog offers, newest first. Anyone signed in may export. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const board = http.boardOf(event);
		return json({ versions: exporter.listVersionLabels(event.locals.app.db, board.id).map((v) => ({ label: v.label })) } satisfies ExportVersions);
	});
