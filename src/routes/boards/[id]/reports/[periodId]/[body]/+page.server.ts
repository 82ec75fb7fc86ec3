import { z } from 'zod';
import { provisionRef } from '$lib/board/grouping';
import { readBoard } from '$lib/board/view';
import { isoDay, reportDocName, whyNotReportAction, whyNotWriteReport } from '$lib/monitoring/reports';
import { agreedActivities } from '$lib/monitoring/report-doc';
import { notFound } from '$lib/server/app-error';
import * as boards from '$lib/server/boards';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = http.pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const ctx = locals.app;
	const board = http.boardOf({ params, locals });
	const periodId = http.idParam(params.periodId, 'reporting period');
	const period = ctx.periods.get(board.id, periodId);
	const body = boards.listBodies(ctx.db).find((b) => b.code === params.body && !b.parent);
	if (!period || !body) throw notFound('No such report on this board.');
	ctx.reporting.prepareReport(board.id, period.id, body.code);
	const view = readBoard(ctx.rooms.readDocs(board.id));
	const provisions = new Map(view.provisions.map((p) => [p.id, p]));
	const categories = new Map(view.categories.map((c) => [c.id, c.name]));
	const report = ctx.periods.report(period.id, body.code);
	const me = identity.requireUser(locals);
	const today = isoDay();
	return {
		board,
		period,
		body,
		report,
		events: ctx.periods.events(period.id, body.code),
		changes: ctx.history.forReport(period.id, body.code),
		docName: reportDocName(period.id, body.code),
		activities: agreedActivities(view, body.code).map((e) => ({
			id: e.id,
			ref: provisionRef(provisions.get(e.provision)!),
			category: categories.get(e.category) ?? e.category,
			text: e.text
		})),
		whyNotWrite: whyNotWriteReport(me, body.code, period, report.status, today),
		whyNot: {
			submit: whyNotReportAction(me, 'submit', body.code, period, report.status, today),
			return: whyNotReportAction(me, 'return', body.code, period, report.status, today),
			approve: whyNotReportAction(me, 'approve', body.code, period, report.status, today)
		}
	};
});

const STEP = z.object({ comment: z.string().default('') });

function step(action: 'submit' | 'return' | 'approve') {
	return http.formAction(
		STEP,
		({ comment }, { params, locals }) => {
			const periodId = http.idParam(params.periodId ?? '', 'reporting period');
			locals.app.reporting.act(params.id ?? '', periodId, params.body ?? '', action, comment || null, identity.requireUser(locals));
			return { done: action };
		},
		{ keep: ['comment'] }
	);
}

export const actions: Actions = { submit: step('submit'), return: step('return'), approve: step('approve') };
