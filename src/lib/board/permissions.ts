import { parseReportDocName, whyNotWriteReport, type PeriodView, type ReportStatus } from '../monitoring/reports';
import { bodyOfDocName, PLAN_DOC } from './doc';

/**
 * Who may change what on a board. Pure functions shared by the UI (to disable
 * controls and explain why) and the server (to refuse writes to a document),
 * so the two can never disagree. Every `can…` is `why…(…) === null`: one
 * rule, one sentence. The server enforces them per document
 * (`whyNotWriteDoc`): a body's document holds only its entries, the plan
 * holds everything the chair and the secretariat decide.
 */

/** The roles an account can hold (the `role` column of `users`; one role for every board). */
export const ROLES = ['observer', 'delegate', 'chair', 'secretariat'] as const;
/** One of `ROLES`. */
export type Role = (typeof ROLES)[number];

/**
 * The person acting on a board. `body` is the sectoral body they are a
 * delegate of (a chair may also be one); null when they represent none.
 */
export interface Actor {
	role: Role;
	body: string | null;
}

/** A signed-in person acting: an `Actor` with the user id a service attributes the change to. */
export interface UserActor extends Actor {
	id: number;
}

/** A `UserActor` with their name, for changes the server writes into documents on their behalf (history shows it). */
export interface NamedUserActor extends UserActor {
	name: string;
}

/** Mirrors the `boards.status` column: a finalized board is read-only for everyone. */
export type BoardStatus = 'open' | 'finalized';

/** Something an actor may try to do; `whyNot` and `can` accept any of these. */
export type BoardAction =
	/** add, edit, move, delete entries of `body`, or report their progress (the body's document) */
	| { kind: 'edit-entries'; body: string }
	/** assign or clear a cell's lead body (the plan) */
	| { kind: 'set-leads' }
	/** edit provisions, categories, parts and the board's title and date (the plan) */
	| { kind: 'edit-structure' }
	/** record or withdraw the agreement on an entry (the plan) */
	| { kind: 'decide' }
	/** change which body an entry belongs to (a move between two bodies' documents, on the server) */
	| { kind: 'reassign-body' }
	/** finalize (`to: 'finalized'`) or reopen (`to: 'open'`) the board */
	| { kind: 'set-board-status'; to: BoardStatus };

const OBSERVER = 'Observers can read but not edit.';
const FINALIZED = 'This board is finalized: it is read-only until the secretariat reopens it.';

/**
 * The short sentence explaining why `actor` may not do `action` on a board in
 * `status`, for a disabled control's label or a refused update; null when
 * the action is allowed.
 */
export function whyNot(actor: Actor, action: BoardAction, status: BoardStatus): string | null {
	if (actor.role === 'observer') return OBSERVER;
	if (action.kind === 'set-board-status') return whyNotSetStatus(actor, action.to, status);
	if (status === 'finalized') return FINALIZED;
	switch (action.kind) {
		case 'edit-entries':
			if (actor.role === 'secretariat') return null;
			// A chair is a delegate of their own body too, never of the others.
			if (!action.body) return 'Only the secretariat can edit entries that belong to no body.';
			return actor.body === action.body ? null : `Only ${action.body} delegates can edit ${action.body} entries.`;
		case 'set-leads':
			return writesPlan(actor) ? null : 'Only the chair and the secretariat assign lead bodies.';
		case 'edit-structure':
			return writesPlan(actor) ? null : 'Only the chair and the secretariat can edit provisions, categories and parts.';
		case 'decide':
			return writesPlan(actor) ? null : 'Only the chair and the secretariat record agreement.';
		case 'reassign-body':
			return actor.role === 'secretariat' ? null : 'Only the secretariat can move an entry to another body.';
	}
}

function writesPlan(actor: Actor): boolean {
	return actor.role === 'chair' || actor.role === 'secretariat';
}

/**
 * Why `actor` may not write the board document `docName` now (null: they
 * may). This is the server's whole authority check: a body's document is
 * written by its delegates (a chair is a delegate of their own body) and
 * the secretariat; the plan by the chair and the secretariat; nothing on a
 * finalized board. A progress report (`report:<period>:<BODY>`) follows
 * its own rule (`whyNotWriteReport`), from `report`: its period and
 * workflow state as the server holds them, and today's date.
 */
export function whyNotWriteDoc(
	actor: Actor,
	docName: string,
	status: BoardStatus,
	report?: { period: PeriodView; status: ReportStatus; today: string }
): string | null {
	const reportOf = parseReportDocName(docName);
	if (reportOf) {
		if (!report || report.period.id !== reportOf.periodId) return `There is no report ${docName} on this board.`;
		return whyNotWriteReport(actor, reportOf.body, report.period, report.status, report.today);
	}
	if (docName === PLAN_DOC) {
		const refused = whyNot(actor, { kind: 'edit-structure' }, status);
		return refused && refused !== FINALIZED && refused !== OBSERVER
			? 'Only the chair and the secretariat write the plan: provisions, categories, leads and agreement.'
			: refused;
	}
	const body = bodyOfDocName(docName);
	if (body === null) return `There is no document ${docName} on a board.`;
	return whyNot(actor, { kind: 'edit-entries', body }, status);
}

function whyNotSetStatus(actor: Actor, to: BoardStatus, status: BoardStatus): string | null {
	if (to === status) return null;
	if (to === 'finalized') {
		return actor.role === 'chair' || actor.role === 'secretariat' ? null : 'Only the chair or the secretariat can finalize a board.';
	}
	return actor.role === 'chair' || actor.role === 'secretariat'
		? null
		: 'Only the chair or the secretariat can reopen a board.';
}

/** Whether `actor` may do `action` on a board in `status`. */
export function can(actor: Actor, action: BoardAction, status: BoardStatus): boolean {
	return whyNot(actor, action, status) === null;
}

/**
 * May `actor` add, edit, move or delete entries of `body` and change their
 * status? Delegates (and the chair) only for their own body; the secretariat
 * for every body, as rapporteur.
 */
export function canEditEntriesOf(actor: Actor, body: string, status: BoardStatus): boolean {
	return can(actor, { kind: 'edit-entries', body }, status);
}

/** May `actor` assign and clear lead bodies? The chair and the secretariat. */
export function canSetLeads(actor: Actor, status: BoardStatus): boolean {
	return can(actor, { kind: 'set-leads' }, status);
}

/** May `actor` edit provisions, categories, parts and meta (title, as-of date)? Chair and secretariat. */
export function canEditStructure(actor: Actor, status: BoardStatus): boolean {
	return can(actor, { kind: 'edit-structure' }, status);
}

/** May `actor` change an entry's `body` (re-attribute it)? Only the secretariat. */
export function canReassignBody(actor: Actor, status: BoardStatus): boolean {
	return can(actor, { kind: 'reassign-body' }, status);
}

/**
 * May `actor` move the board from `status` to `to`? The chair or the
 * secretariat finalizes and reopens. Allowed on a finalized board, unlike
 * every other action.
 */
export function canSetBoardStatus(actor: Actor, to: BoardStatus, status: BoardStatus): boolean {
	return can(actor, { kind: 'set-board-status', to }, status);
}

/** May `actor` change anything at all on the board's content (used to show a read-only banner)? */
export function canEditAnything(actor: Actor, status: BoardStatus): boolean {
	return actor.role !== 'observer' && status === 'open' && (actor.role !== 'delegate' || actor.body !== null);
}

/** Why `actor` may not edit `body`'s entries (null if they may): the label of a disabled entry control. */
export function reasonEntries(actor: Actor, body: string, status: BoardStatus): string | null {
	return whyNot(actor, { kind: 'edit-entries', body }, status);
}

/** Why `actor` may not assign lead bodies (null if they may). */
export function reasonLeads(actor: Actor, status: BoardStatus): string | null {
	return whyNot(actor, { kind: 'set-leads' }, status);
}

/** Why `actor` may not edit provisions, categories, parts or meta (null if they may). */
export function reasonStructure(actor: Actor, status: BoardStatus): string | null {
	return whyNot(actor, { kind: 'edit-structure' }, status);
}

/** Why `actor` may not record or withdraw agreement (null if they may). */
export function reasonDecide(actor: Actor, status: BoardStatus): string | null {
	return whyNot(actor, { kind: 'decide' }, status);
}

/** What decides who may join a board's discussion (the board's setting, not its status). */
export interface DiscussionSettings {
	/** Set by the secretariat: observers may comment too. */
	observersMayComment: boolean;
}

/**
 * Why `actor` may not comment on a board (null if they may). Everyone but
 * observers may, and observers too where the secretariat allows it. A
 * finalized board stays open for discussion: only its content is frozen.
 */
export function whyNotComment(actor: Actor, settings: DiscussionSettings): string | null {
	return actor.role === 'observer' && !settings.observersMayComment
		? 'Observers can read the discussion; the secretariat has not opened it to them on this board.'
		: null;
}

/** May `actor` post and reply in a board's discussion? */
export function canComment(actor: Actor, settings: DiscussionSettings): boolean {
	return whyNotComment(actor, settings) === null;
}

/** May `actor` resolve or reopen a thread? Its author, the chair and the secretariat. */
export function canResolveThread(actor: Actor, isThreadAuthor: boolean): boolean {
	return isThreadAuthor || actor.role === 'chair' || actor.role === 'secretariat';
}

/** May `actor` start, advance and end a meeting on a board? The chair and the secretariat. */
export function canRunMeeting(actor: Actor): boolean {
	return actor.role === 'chair' || actor.role === 'secretariat';
}

/** May `actor` decide whether observers may comment on a board? Only the secretariat. */
export function canSetDiscussionSettings(actor: Actor): boolean {
	return actor.role === 'secretariat';
}
