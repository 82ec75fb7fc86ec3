import type { Actor, UserActor } from '../../board/permissions';
import { readBoard, type BoardView } from '../../board/view';
import type { DashboardInput, ReportInput } from '../../monitoring/dashboard';
import { withProgress } from '../../monitoring/progress-layer';
import { addMissingItems, agreedActivities, itemsMap, readReport } from '../../monitoring/report-doc';
import {
	isoDay,
	reportDocName,
	whyNotManagePeriods,
	whyNotReportAction,
	type PeriodView,
	type ReportAction,
	type ReportEventKind,
	type ReportState,
	type ReportStatus
} from '../../monitoring/reports';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import type { Boards } from '../boards/boards';
import type { DocStore } from '../collab/doc-store';
import type { Rooms } from '../collab/rooms';
import type { ReportingPeriods } from './periods';

/** What reporting reads and writes: the board rows, the reporting tables, the reports' documents (live or stored). */
export interface ReportingDeps {
	boards: Boards;
	rooms: Rooms;
	store: DocStore;
	periods: ReportingPeriods;
	/** The codes of the main sectoral bodies (every one reports). */
	bodyCodes: () => ReadonlySet<string>;
}

/** Who the server's own changes to a report are by (its items, made before anyone edits). */
const SERVER_USER = { userId: null, name: 'Planning Board', role: 'server', body: null };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PERIOD_LABEL = 40;
const MAX_RETURN_COMMENT = 4000;
const NO_PERIOD = 'No such reporting period on this board.';
const NEXT: Readonly<Record<ReportAction, ReportStatus>> = { submit: 'submitted', return: 'returned', approve: 'approved' };

function validDay(value: string): boolean {
	return DAY.test(value) && isoDay(Date.parse(`${value}T00:00:00Z`) || 0) === value;
}

/** Whether `actor` may take `action` on `body`'s reports at all: a refusal is then about the report's state (409), else 403. */
function entitled(actor: Actor, action: ReportAction, body: string): boolean {
	if (actor.role === 'secretariat') return true;
	return action === 'submit' && actor.role !== 'observer' && actor.body === body;
}

/**
 * Progress reporting on a board: periods with their submission windows, each
 * main body's report in a period (a Yjs document) and its workflow (submit,
 * return, approve), and the reads the dashboard and the exports make of them.
 */
export class Reporting {
	#deps;

	constructor(deps: ReportingDeps) {
		this.#deps = deps;
	}

	/** Creates a reporting period with its submission window (the secretariat). */
	createPeriod(boardId: string, input: { label: string; opensOn: string; closesOn: string }, actor: UserActor): PeriodView {
		const { boards, periods } = this.#deps;
		boards.require(boardId);
		const refused = whyNotManagePeriods(actor);
		if (refused) throw forbidden(refused);
		const label = input.label.trim();
		if (!label) throw badRequest('Name the period, e.g. "2024" or "H1 2025".');
		if (label.length > MAX_PERIOD_LABEL) throw badRequest(`A period's name is at most ${MAX_PERIOD_LABEL} characters.`);
		if (!validDay(input.opensOn) || !validDay(input.closesOn)) throw badRequest('Give the window as two dates (YYYY-MM-DD).');
		if (input.closesOn < input.opensOn) throw badRequest('The window must close on or after the day it opens.');
		if (periods.labelTaken(boardId, label)) throw conflict(`There is already a period "${label}" on this board.`);
		return periods.insert({ boardId, label, opensOn: input.opensOn, closesOn: input.closesOn, userId: actor.id });
	}

	/** Approves a whole period (the secretariat): it is locked, every report in it read-only. */
	lockPeriod(boardId: string, periodId: number, actor: UserActor): PeriodView {
		const { rooms, periods, bodyCodes } = this.#deps;
		const period = this.#period(boardId, periodId);
		const refused = whyNotManagePeriods(actor);
		if (refused) throw forbidden(refused);
		if (!periods.lock(period.id, actor.id)) throw conflict(`The period ${period.label} is already approved and locked.`);
		for (const body of bodyCodes()) rooms.closeDocument(boardId, reportDocName(period.id, body), 'the period was approved');
		return periods.get(boardId, periodId)!;
	}

	/**
	 * Submits, returns (with a comment) or approves a body's report. Attributed
	 * in `report_events`; clients editing the report are told to reload its
	 * state (their channel closes with 4409), since who may write it changed.
	 */
	act(boardId: string, periodId: number, body: string, action: ReportAction, comment: string | null, actor: UserActor): ReportState {
		const { rooms, periods } = this.#deps;
		const period = this.#reportingPeriod(boardId, periodId, body);
		const status = periods.status(period.id, body);
		const refused = whyNotReportAction(actor, action, body, period, status, isoDay());
		if (refused) throw entitled(actor, action, body) ? conflict(refused) : forbidden(refused);
		const text = comment?.trim() || null;
		if (text && text.length > MAX_RETURN_COMMENT) throw badRequest(`A comment is at most ${MAX_RETURN_COMMENT} characters.`);
		if (action === 'return' && !text) throw badRequest('Say what should change: returning a report needs a comment.');
		const kind: ReportEventKind = action === 'submit' ? (status === 'returned' ? 'resubmitted' : 'submitted') : action === 'return' ? 'returned' : 'approved';
		periods.transition(period.id, body, NEXT[action], { kind, comment: text, userId: actor.id });
		rooms.closeDocument(boardId, reportDocName(period.id, body), `the report was ${kind}`);
		return periods.report(period.id, body);
	}

	/**
	 * Makes the items of every agreed activity a body's report lacks, as the
	 * server, before anyone edits it (so two delegates never create the same item
	 * at once). Only while the report can still be written; a no-op otherwise.
	 */
	prepareReport(boardId: string, periodId: number, body: string): void {
		const { rooms, periods } = this.#deps;
		const period = this.#reportingPeriod(boardId, periodId, body);
		const status = periods.status(period.id, body);
		if (period.lockedAt !== null || status === 'submitted' || status === 'approved') return;
		const ids = agreedActivities(readBoard(rooms.readDocs(boardId)), body).map((e) => e.id);
		const docName = reportDocName(period.id, body);
		const loaded = rooms.loaded(boardId, docName)?.doc;
		if (loaded && ids.every((id) => itemsMap(loaded).has(id))) return;
		rooms.change(boardId, docName, SERVER_USER, (doc) => addMissingItems(doc, ids), 'server');
	}

	/**
	 * Every report of a board as plain data (the dashboard, the exports): the
	 * live document where it is loaded, else the stored one; a report nobody
	 * opened yet is an empty draft.
	 */
	reports(boardId: string): DashboardInput['reports'] {
		const { rooms, store, periods, bodyCodes } = this.#deps;
		const stored = new Set(store.docNames(boardId));
		const reports: DashboardInput['reports'] = {};
		for (const period of periods.list(boardId)) {
			const states = periods.reports(period.id);
			const byBody: Record<string, ReportInput> = {};
			for (const body of bodyCodes()) {
				const name = reportDocName(period.id, body);
				const doc = rooms.loaded(boardId, name)?.doc ?? (stored.has(name) ? store.load(boardId, name).doc : null);
				byBody[body] = { status: states.get(body)?.status ?? 'draft', items: doc ? readReport(doc) : {} };
			}
			reports[period.id] = byBody;
		}
		return reports;
	}

	/** What the dashboard computes from, read from the board's documents and the reporting tables. */
	dashboardInput(boardId: string, bodies: readonly string[]): DashboardInput {
		const view = readBoard(this.#deps.rooms.readDocs(boardId));
		return {
			parts: view.parts,
			categories: view.categories,
			provisions: view.provisions,
			activities: agreedActivities(view),
			bodies: [...bodies],
			periods: this.#deps.periods.list(boardId),
			reports: this.reports(boardId),
			today: isoDay()
		};
	}

	/**
	 * The progress layer of one period for a board export (`withProgress`).
	 * Only the publication formats take it: csv and json are what the importers
	 * read back, and a progress line is no activity text.
	 */
	progressLayer(boardId: string, periodId: number, format: string): (view: BoardView) => BoardView {
		if (format !== 'docx' && format !== 'pdf' && format !== 'xlsx') throw badRequest('The progress layer comes in Word, PDF and Excel exports only.');
		const period = this.#deps.periods.get(boardId, periodId);
		if (!period) throw notFound(NO_PERIOD);
		const reports = this.reports(boardId)[period.id] ?? {};
		return (view) => withProgress(view, period, reports);
	}

	#period(boardId: string, periodId: number): PeriodView {
		this.#deps.boards.require(boardId);
		const period = this.#deps.periods.get(boardId, periodId);
		if (!period) throw notFound(NO_PERIOD);
		return period;
	}

	/** The period, in which `body` must be one that reports. */
	#reportingPeriod(boardId: string, periodId: number, body: string): PeriodView {
		const period = this.#period(boardId, periodId);
		if (!this.#deps.bodyCodes().has(body)) throw notFound(`No sectoral body ${body} reports on this board.`);
		return period;
	}
}
