import { z } from 'zod';

/** `/api/boards/<id>/entries/<entry>/…`: what the server writes for an entry (moves between authorities, procedures). */

/** POST `…/body`: move the entry to another sectoral body (the secretariat only). */
export const EntryBodyInput = z.object({ body: z.string().min(1).max(32) });
export type EntryBodyInput = z.input<typeof EntryBodyInput>;

/** POST `…/body`: the body the entry now belongs to. */
export interface EntryBodyAnswer {
	body: string;
}

/** POST `…/procedure`: start an ad referendum or silence procedure, or answer one for one's body. */
export const ProcedureInput = z.discriminatedUnion(
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
export type ProcedureInput = z.input<typeof ProcedureInput>;

/** POST `…/procedure`: the procedure started, or the answer recorded. */
export type ProcedureAnswer = { id: number } | { ok: true };
