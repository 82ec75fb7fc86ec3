import { readBoard } from '../../board/view';
import { readReport } from '../../monitoring/report-doc';
import type { DashboardInput, ReportInput } from '../../monitoring/dashboard';
import { agreedActivities } from '../../monitoring/report-doc';
import { isoDay, reportDocName } from '../../monitoring/reports';
import type { ReportingDeps } from './workflow';
import type { DocStore } from '../collab/doc-store';
import type { BoardView } from '../../board/view';
import { withProgress } from '../../monitoring/progress-layer';
import { badRequest, notFound } from '../app-error';

/**
 * Every report of a board as plain data (the dashboard, the exports): the
 * live document where it is loaded, else the stored one; a report nobody
 * opened yet is an empty draft.
 */
export function readReports(deps: ReportingDeps & { store: DocStore }, boardId: string): DashboardInput['reports'] {
	const stored = new Set(deps.store.docNames(boardId));
	const reports: DashboardInput['reports'] = {};
	for (const period of deps.periods.list(boardId)) {
		const states = deps.periods.reports(period.id);
		const byBody: Record<string, ReportInput> = {};
		for (const body of deps.bodyCodes()) {
			const name = reportDocName(period.id, body);
			const doc = deps.rooms.loaded(boardId, name)?.doc ?? (stored.has(name) ? deps.store.load(boardId, name).doc : null);
			byBody[body] = { status: states.get(body)?.status ?? 'draft', items: doc ? readReport(doc) : {} };
		}
		reports[period.id] = byBody;
	}
	return reports;
}

/** What the dashboard computes from, read from the board's documents and the reporting tables. */
export function dashboardInput(deps: ReportingDeps & { store: DocStore }, boardId: string, bodies: readonly string[]): DashboardInput {
	const view = readBoard(deps.rooms.readDocs(boardId));
	return {
		parts: view.parts,
		categories: view.categories,
		provisions: view.provisions,
		activities: agreedActivities(view),
		bodies: [...bodies],
		periods: deps.periods.list(boardId),
		reports: readReports(deps, boardId),
		today: isoDay()
	};
}

/**
 * The progress layer of one period for a board export (`withProgress`).
 * Only the publication formats take it: csv and json are what the importers
 * read back, and a progress line is no activity text.
 */
export function progressLayer(deps: ReportingDeps & { store: DocStore }, boardId: string, periodId: number, format: string): (view: BoardView) => BoardView {
	if (format !== 'docx' && format !== 'pdf' && format !== 'xlsx') throw badRequest('The progress layer comes in Word, PDF and Excel exports only.');
	const period = deps.periods.get(boardId, periodId);
	if (!period) throw notFound('No such reporting period on this board.');
	const reports = readReports(deps, boardId)[period.id] ?? {};
	return (view) => withProgress(view, period, reports);
}
