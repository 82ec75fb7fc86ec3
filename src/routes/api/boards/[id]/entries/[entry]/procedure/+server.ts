import { json } from '@sveltejs/kit';
import { ProcedureInput, type ProcedureAnswer } from '$lib/contract/entries';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * POST { action: 'start', kind, deadline, meeting? }: the chair or secretariat starts an ad referendum or a
 * silence procedure on the entry; { action: 'confirm' | 'object', note? }: a delegate answers for their body.
 */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const input = await http.readJson(event.request, ProcedureInput);
		const { procedures } = event.locals.app;
		if (input.action === 'start') {
			const id = procedures.start(user, event.params.id, event.params.entry, input.kind, input.deadline, input.meeting ?? null);
			return json({ id } satisfies ProcedureAnswer, { status: 201 });
		}
		procedures.respond(user, event.params.id, event.params.entry, input.action, input.note ?? null);
		return json({ ok: true } satisfies ProcedureAnswer);
	});
