import { json } from '@sveltejs/kit';
import { ReportAction, type ReportDetail } from '$lib/contract/monitoring';
import { notFound } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET: a body's report in a period: its workflow state, its steps and its field changes (newest first). */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const { periods, history } = event.locals.app;
		const board = http.boardOf(event);
		const periodId = http.idParam(event.params.periodId, 'reporting period');
		if (!periods.belongsTo(board.id, periodId)) throw notFound('No such reporting period on this board.');
		const { body } = event.params;
		return json({ report: periods.report(periodId, body), events: periods.events(periodId, body), changes: history.forReport(periodId, body) } satisfies ReportDetail);
	});

/** POST { action, comment? }: submit (the body's delegates), return with a comment or approve (the secretariat). */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const { action, comment } = await http.readJson(event.request, ReportAction);
		const periodId = http.idParam(event.params.periodId, 'reporting period');
		const report = event.locals.app.reporting.act(http.boardOf(event).id, periodId, event.params.body, action, comment ?? null, user);
		return json({ report });
	});
