import type { Actor } from '../board/permissions';

/**
 * Reporting on a board's agreed activities (issue 17), shared by browser and
 * server. A reporting period ("2024", "H1 2025") has a submission window and
 * locks once the secretariat approves it. In each period every sectoral body
 * fills one progress report, a Yjs document of its own on the board's socket
 * (`report:<periodId>:<BODY>`, an authority boundary like a body's document):
 *
 * - `items` Y.Map<entryId, Y.Map>  one per agreed activity of the body:
 *   { status, narrative: Y.Text, start?, end?, evidence? (one link a line),
 *     indicator?, unit?, target?, actual? }
 *
 * Its workflow (draft → submitted → returned → submitted … → approved) is
 * relational (SQLite), so the server decides who may write the document from
 * the session and that row alone, never from the document's content.
 */

/** What a body reports of one activity in a period. */
export const ACTIVITY_STATUSES = ['not-started', 'ongoing', 'completed', 'dropped'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_STATUS_LABELS: Readonly<Record<ActivityStatus, string>> = {
	'not-started': 'Not started',
	ongoing: 'Ongoing',
	completed: 'Completed',
	dropped: 'Dropped'
};

/** Where a report is in its workflow. */
export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
	draft: 'Draft',
	submitted: 'Submitted',
	returned: 'Returned for changes',
	approved: 'Approved'
};

/** What happened to a report (its history). */
export type ReportEventKind = 'submitted' | 'resubmitted' | 'returned' | 'approved';

/** The workflow actions a person can take on a report. */
export type ReportAction = 'submit' | 'return' | 'approve';

/** A reporting period as the API and pages see it. */
export interface PeriodView {
	id: number;
	boardId: string;
	label: string;
	/** First and last day of the submission window (YYYY-MM-DD, inclusive). */
	opensOn: string;
	closesOn: string;
	/** When the secretariat approved the whole period (it is then read-only); null while open. */
	lockedAt: number | null;
	lockedByName: string | null;
	createdAt: number;
}

/** A body's report in a period: its workflow state (its content is the report document). */
export interface ReportState {
	periodId: number;
	body: string;
	status: ReportStatus;
	updatedAt: number;
}

/** One step of a report's history. */
export interface ReportEvent {
	id: number;
	kind: ReportEventKind;
	comment: string | null;
	userId: number | null;
	userName: string | null;
	at: number;
}

const REPORT_PREFIX = 'report:';

/** The name of a body's report document in a period. */
export function reportDocName(periodId: number, body: string): string {
	return `${REPORT_PREFIX}${periodId}:${body}`;
}

/** The period and body of a report document's name, or null for any other name. */
export function parseReportDocName(name: string): { periodId: number; body: string } | null {
	const m = /^report:([1-9]\d{0,15}):([A-Za-z0-9-]{1,32})$/.exec(name);
	return m ? { periodId: Number(m[1]), body: m[2] } : null;
}

/** Today as YYYY-MM-DD (UTC), the form windows are compared in. */
export function isoDay(at = Date.now()): string {
	return new Date(at).toISOString().slice(0, 10);
}

/** Whether `day` falls in the period's submission window. */
export function inWindow(period: Pick<PeriodView, 'opensOn' | 'closesOn'>, day: string): boolean {
	return period.opensOn <= day && day <= period.closesOn;
}

const OBSERVER = 'Observers can read reports but not fill them in.';

function ownBody(actor: Actor, body: string): string | null {
	if (actor.role === 'observer') return OBSERVER;
	if (actor.role === 'secretariat') return null;
	return actor.body === body ? null : `Only ${body} delegates and the secretariat fill in the ${body} report.`;
}

/**
 * Why `actor` may not write `body`'s report now (null: they may). The body's
 * delegates and the secretariat, while the report is a draft or returned and
 * its period is not locked; a draft only within the submission window (the
 * secretariat, as rapporteur, also after it), a returned report until it is
 * resubmitted. A finalized plan does not stop reporting: it is what is monitored.
 */
export function whyNotWriteReport(actor: Actor, body: string, period: PeriodView, status: ReportStatus, today: string): string | null {
	const who = ownBody(actor, body);
	if (who) return who;
	if (period.lockedAt !== null) return `The period ${period.label} is approved and locked.`;
	if (status === 'submitted') return 'This report is submitted: it is read-only unless the secretariat returns it.';
	if (status === 'approved') return 'This report is approved and locked.';
	if (status === 'draft' && actor.role !== 'secretariat' && !inWindow(period, today)) {
		return today < period.opensOn
			? `Reporting for ${period.label} opens on ${period.opensOn}.`
			: `Reporting for ${period.label} closed on ${period.closesOn}.`;
	}
	return null;
}

/**
 * Why `actor` may not take `action` on `body`'s report now (null: they may).
 * Submitting is writing the report's last time (same rule); returning and
 * approving are the secretariat's, on a submitted report of an open period.
 */
export function whyNotReportAction(
	actor: Actor,
	action: ReportAction,
	body: string,
	period: PeriodView,
	status: ReportStatus,
	today: string
): string | null {
	if (action === 'submit') return whyNotWriteReport(actor, body, period, status, today);
	if (actor.role !== 'secretariat') return action === 'return' ? 'Only the secretariat returns reports.' : 'Only the secretariat approves reports.';
	if (period.lockedAt !== null) return `The period ${period.label} is approved and locked.`;
	return status === 'submitted' ? null : `Only a submitted report can be ${action === 'return' ? 'returned' : 'approved'}.`;
}

/** Why `actor` may not create or approve (lock) reporting periods (null: they may). */
export function whyNotManagePeriods(actor: Actor): string | null {
	return actor.role === 'secretariat' ? null : 'Only the secretariat manages reporting periods.';
}
