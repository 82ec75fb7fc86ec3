import type { Actor } from '../../board/permissions';
import { readBoard } from '../../board/view';
import { addMissingItems, agreedActivities, itemsMap } from '../../monitoring/report-doc';
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
import type { Rooms } from '../collab/rooms';
import type { ReportingPeriods } from './periods';

/** What the reporting operations need (the app context has all of it). */
export interface ReportingDeps {
	boards: Boards;
	rooms: Rooms;
	periods: ReportingPeriods;
	/** The codes of the main sectoral bodies (every one reports). */
	bodyCodes: () => ReadonlySet<string>;
}

/** The person asking, as the permission rules see them. */
export type ReportingActor = Actor & { id: number };

/** Who the server's own changes to a report are by (its items, made before anyone edits). */
const SERVER_USER = { userId: null, name: 'Planning Board', role: 'server', body: null };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_PERIOD_LABEL = 40;
export const MAX_RETURN_COMMENT = 4000;

function validDay(value: string): boolean {
	return DAY.test(value) && isoDay(Date.parse(`${value}T00:00:00Z`) || 0) === value;
}

function periodOf(deps: ReportingDeps, boardId: string, periodId: number): PeriodView {
	deps.boards.require(boardId);
	const period = deps.periods.get(boardId, periodId);
	if (!period) throw notFound('No such reporting period on this board.');
	return period;
}

/** Creates a reporting period with its submission window (the secretariat). */
export function createPeriod(
	deps: ReportingDeps,
	boardId: string,
	input: { label: string; opensOn: string; closesOn: string },
	actor: ReportingActor
): PeriodView {
	deps.boards.require(boardId);
	const refused = whyNotManagePeriods(actor);
	if (refused) throw forbidden(refused);
	const label = input.label.trim();
	if (!label) throw badRequest('Name the period, e.g. "2024" or "H1 2025".');
	if (label.length > MAX_PERIOD_LABEL) throw badRequest(`A period's name is at most ${MAX_PERIOD_LABEL} characters.`);
	if (!validDay(input.opensOn) || !validDay(input.closesOn)) throw badRequest('Give the window as two dates (YYYY-MM-DD).');
	if (input.closesOn < input.opensOn) throw badRequest('The window must close on or after the day it opens.');
	if (deps.periods.labelTaken(boardId, label)) throw conflict(`There is already a period "${label}" on this board.`);
	return deps.periods.insert({ boardId, label, opensOn: input.opensOn, closesOn: input.closesOn, userId: actor.id });
}

/** Approves a whole period (the secretariat): it is locked, every report in it read-only. */
export function lockPeriod(deps: ReportingDeps, boardId: string, periodId: number, actor: ReportingActor): PeriodView {
	const period = periodOf(deps, boardId, periodId);
	const refused = whyNotManagePeriods(actor);
	if (refused) throw forbidden(refused);
	if (!deps.periods.lock(period.id, actor.id)) throw conflict(`The period ${period.label} is already approved and locked.`);
	for (const body of deps.bodyCodes()) deps.rooms.closeDocument(boardId, reportDocName(period.id, body), 'the period was approved');
	return deps.periods.get(boardId, periodId)!;
}

const NEXT: Readonly<Record<ReportAction, ReportStatus>> = { submit: 'submitted', return: 'returned', approve: 'approved' };

/**
 * Submits, returns (with a comment) or approves a body's report. Attributed
 * in `report_events`; clients editing the report are told to reload its
 * state (their channel closes with 4409), since who may write it changed.
 */
export function reportAction(
	deps: ReportingDeps,
	boardId: string,
	periodId: number,
	body: string,
	action: ReportAction,
	comment: string | null,
	actor: ReportingActor
): ReportState {
	const period = periodOf(deps, boardId, periodId);
	if (!deps.bodyCodes().has(body)) throw notFound(`No sectoral body ${body} reports on this board.`);
	const status = deps.periods.status(period.id, body);
	const refused = whyNotReportAction(actor, action, body, period, status, isoDay());
	if (refused) throw entitled(actor, action, body) ? conflict(refused) : forbidden(refused);
	const text = comment?.trim() || null;
	if (text && text.length > MAX_RETURN_COMMENT) throw badRequest(`A comment is at most ${MAX_RETURN_COMMENT} characters.`);
	if (action === 'return' && !text) throw badRequest('Say what should change: returning a report needs a comment.');
	const kind: ReportEventKind = action === 'submit' ? (status === 'returned' ? 'resubmitted' : 'submitted') : action === 'return' ? 'returned' : 'approved';
	deps.periods.transition(period.id, body, NEXT[action], { kind, comment: text, userId: actor.id });
	deps.rooms.closeDocument(boardId, reportDocName(period.id, body), `the report was ${kind}`);
	return deps.periods.report(period.id, body);
}

/** Whether `actor` may take `action` on `body`'s reports at all: a refusal is then about the report's state (409), else 403. */
function entitled(actor: Actor, action: ReportAction, body: string): boolean {
	if (actor.role === 'secretariat') return true;
	return action === 'submit' && actor.role !== 'observer' && actor.body === body;
}

/**
 * Makes the items of every agreed activity a body's report lacks, as the
 * server, before anyone edits it (so two delegates never create the same item
 * at once). Only while the report can still be written; a no-op otherwise.
 */
export function prepareReport(deps: ReportingDeps, boardId: string, periodId: number, body: string): void {
	const period = periodOf(deps, boardId, periodId);
	if (!deps.bodyCodes().has(body)) throw notFound(`No sectoral body ${body} reports on this board.`);
	const status = deps.periods.status(period.id, body);
	if (period.lockedAt !== null || status === 'submitted' || status === 'approved') return;
	const ids = agreedActivities(readBoard(deps.rooms.readDocs(boardId)), body).map((e) => e.id);
	const docName = reportDocName(period.id, body);
	const loaded = deps.rooms.loaded(boardId, docName)?.doc;
	if (loaded && ids.every((id) => itemsMap(loaded).has(id))) return;
	deps.rooms.change(boardId, docName, SERVER_USER, (doc) => addMissingItems(doc, ids), 'server');
}
