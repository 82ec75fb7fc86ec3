import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { listVersionLabels } from '$lib/server/export/source';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** GET: the named versions the export dialog offers, newest first. */
export const GET: RequestHandler = ({ params, locals }) => {
	requireRole(locals, 'observer', 'delegate', 'chair', 'secretariat');
	const ctx = getAppContext();
	if (!ctx.boards.get(params.id)) return json({ message: 'No board with this id.' }, { status: 404 });
	return json({ versions: listVersionLabels(ctx.db, params.id).map((v) => ({ label: v.label })) });
};
