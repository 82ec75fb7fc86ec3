import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const INPUT = z.discriminatedUnion(
	'action',
	[
		z.strictObject({
			action: z.literal('start'),
			kind: z.enum(['ad-referendum', 'silence'], { error: 'Send `kind`: ad-referendum or silence.' }),
			deadline: z.number({ error: 'Send `deadline` in ms since the epoch.' }).int(),
			meeting: z.number().int().positive().nullish()
		}),
		z.strictObject({ action: z.enum(['confirm', 'object']), note: z.string().max(2_000).nullish() })
	],
	{ error: 'Send `action`: start, confirm or object.' }
);

/**
 * POST { action: 'start', kind, deadline, meeting? }: the chair or secretariat starts an ad referendum or a
 * silence procedure on the entry; { action: 'confirm' | 'object', note? }: a delegate answers for their body.
 */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const input = await readJson(event.request, INPUT);
		const { procedures } = event.locals.app;
		if (input.action === 'start') {
			const id = procedures.start(user, event.params.id, event.params.entry, input.kind, input.deadline, input.meeting ?? null);
			return json({ id }, { status: 201 });
		}
		procedures.respond(user, event.params.id, event.params.entry, input.action, input.note ?? null);
		return json({ ok: true });
	});
