import { z } from 'zod';
import { isoDay, whyNotManagePeriods } from '$lib/monitoring/reports';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const periods = ctx.periods.list(board.id).reverse();
	return {
		board,
		today: isoDay(),
		bodies: boards.listBodies(ctx.db).filter((b) => !b.parent),
		periods: periods.map((p) => ({ ...p, reports: Object.fromEntries(ctx.periods.reports(p.id)) })),
		me: identity.requireUser(locals),
		whyNotManage: whyNotManagePeriods(identity.requireUser(locals))
	};
});

/** The window is checked by `Reporting.createPeriod` (the same rules for every caller). */
const CREATE = z.object({ label: z.string().default(''), opensOn: z.string().default(''), closesOn: z.string().default('') });
const LOCK = z.object({ periodId: z.coerce.number().int().positive('Say which period to approve.') });

export const actions: Actions = {
	create: http.formAction(CREATE, (input, { params, locals }) => ({ created: locals.app.reporting.createPeriod(params.id, input, identity.requireUser(locals)).label }), {
		keep: ['label', 'opensOn', 'closesOn']
	}),
	lock: http.formAction(LOCK, ({ periodId }, { params, locals }) => ({ locked: locals.app.reporting.lockPeriod(params.id, periodId, identity.requireUser(locals)).label }))
};
