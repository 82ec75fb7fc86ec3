import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app-context';
import { restore, type RestoreRequest } from '$lib/server/history/restore';
import type { RequestHandler } from './$types';

function isRestoreRequest(input: unknown): input is RestoreRequest {
	if (typeof input !== 'object' || input === null) return false;
	const r = input as Record<string, unknown>;
	return (
		typeof r.cell === 'string' &&
		r.cell.length <= 201 &&
		Number.isInteger(r.row) &&
		(r.scope === 'entry' || r.scope === 'cell') &&
		(r.at === 'after' || r.at === 'before')
	);
}

/**
 * POST `{ cell, row, scope: 'entry' | 'cell', at: 'after' | 'before' }`:
 * restores the cell (or the row's entry) to its state after or before that
 * history row, as a new change by the signed-in user. The permission rules
 * of the WebSocket apply: 403 with the reason when the user may not make it.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const me = locals.user;
	if (!me) return json({ message: 'Sign in first.' }, { status: 401 });
	// JSON only: a cross-site form cannot send it without a CORS preflight.
	if (!request.headers.get('content-type')?.startsWith('application/json')) {
		return json({ message: 'Send the request as JSON.' }, { status: 415 });
	}
	let input: unknown;
	try {
		input = await request.json();
	} catch {
		return json({ message: 'The request is not valid JSON.' }, { status: 400 });
	}
	if (!isRestoreRequest(input)) {
		return json({ message: 'Expected { cell, row, scope: "entry" | "cell", at: "after" | "before" }.' }, { status: 400 });
	}
	const ctx = getAppContext();
	const user = { userId: me.id, name: me.name, role: me.role, body: me.body };
	const result = restore(ctx, params.id, user, input);
	if (!result.ok) return json({ message: result.message }, { status: result.status });
	return json({ changed: result.changed });
};
