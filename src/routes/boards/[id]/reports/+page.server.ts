import { z } from 'zod';
import { isoDay, whyNotManagePeriods } from '$lib/monitoring/reports';
import { listBodies } from '$lib/server/boards/bodies';
import { requireUser } from '$lib/server/identity/guards';
import { boardOf, formAction, pageLoad } from '$lib/server/http';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = boardOf({ params, locals });
	const periods = ctx.periods.list(board.id).reverse();
	return {
		board,
		today: isoDay(),
		bodies: listBodies(ctx.db).filter((b) => !b.parent),
		periods: periods.map((p) => ({ ...p, reports: Object.fromEntries(ctx.periods.reports(p.id)) })),
		me: requireUser(locals),
		whyNotManage: whyNotManagePeriods(requireUser(locals))
	};
});

/** The window is checked by `Reporting.createPeriod` (the same rules for every caller). */
const CREATE = z.object({ label: z.string().default(''), opensOn: z.string().default(''), closesOn: z.string().default('') });
const LOCK = z.object({ periodId: z.coerce.number().int().positive('Say which period to approve.') });

export const actions: Actions = {
	create: formAction(CREATE, (input, { params, locals }) => ({ created: locals.app.reporting.createPeriod(params.id, input, requireUser(locals)).label }), {
		keep: ['label', 'opensOn', 'closesOn']
	}),
	lock: formAction(LOCK, ({ periodId }, { params, locals }) => ({ locked: locals.app.reporting.lockPeriod(params.id, periodId, requireUser(locals)).label }))
};
