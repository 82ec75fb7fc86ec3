import type { HistoryAuthorship } from '../board/history';
import type { ReportItemView } from './report-doc';
import { ACTIVITY_STATUS_LABELS, type ActivityStatus, type PeriodView, type ReportEvent, type ReportEventKind } from './reports';

/**
 * The history of a progress report as the server records it and the report
 * page shows it: per activity, who changed which field from what to what
 * (`report_history`, written from the session of the connection that sent
 * the update), beside the report's workflow steps (`report_events`, and the
 * period's lock). Framework-free, shared by browser and server.
 */

/** The fields of a report item whose changes are recorded, in the order the editor shows them. */
export const REPORT_FIELDS = ['status', 'start', 'end', 'narrative', 'evidence', 'indicator', 'unit', 'target', 'actual'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export const REPORT_FIELD_LABELS: Readonly<Record<ReportField, string>> = {
	status: 'Status',
	start: 'Started',
	end: 'Ended or due',
	narrative: 'Narrative',
	evidence: 'Evidence',
	indicator: 'Indicator',
	unit: 'Unit',
	target: 'Target',
	actual: 'Actual'
};

/** A field's value as recorded: a string, the evidence links, a number or null. */
export type ReportFieldValue = ReportItemView[ReportField];

/** One change to record, before coalescing (the recorder adds who, when and the sequence number). */
export interface ReportFieldChange {
	entryId: string;
	field: ReportField;
	before: ReportFieldValue;
	after: ReportFieldValue;
}

/** One row of a report's history: a field's value before the first and after the last change it covers. */
export type ReportHistoryRow = ReportFieldChange & HistoryAuthorship;

const same = (a: ReportFieldValue, b: ReportFieldValue) => (Array.isArray(a) && Array.isArray(b) ? a.join('\n') === b.join('\n') : a === b);

/** The fields that differ between two states of an activity's item. */
export function itemChanges(entryId: string, before: ReportItemView, after: ReportItemView): ReportFieldChange[] {
	return REPORT_FIELDS.filter((f) => !same(before[f], after[f])).map((field) => ({ entryId, field, before: before[field], after: after[field] }));
}

/** A value as the history shows it ("" for nothing). */
export function fieldText(field: ReportField, value: ReportFieldValue): string {
	if (field === 'status') return ACTIVITY_STATUS_LABELS[value as ActivityStatus] ?? String(value);
	if (Array.isArray(value)) return value.join('\n');
	return value === null ? '' : String(value);
}

/** A workflow step of a report as its history shows it: a report event, or the approval (lock) of its period. */
export interface ReportStep {
	key: string;
	kind: ReportEventKind | 'locked';
	userName: string | null;
	comment: string | null;
	at: number;
}

export const STEP_LABELS: Readonly<Record<ReportStep['kind'], string>> = {
	submitted: 'Submitted',
	resubmitted: 'Resubmitted',
	returned: 'Returned',
	approved: 'Approved',
	locked: 'Period approved and locked'
};

/** The steps of a report, oldest first, the period's lock last. */
export function reportSteps(events: readonly ReportEvent[], period: Pick<PeriodView, 'lockedAt' | 'lockedByName'>): ReportStep[] {
	const steps: ReportStep[] = events.map((e) => ({ key: `event-${e.id}`, kind: e.kind, userName: e.userName, comment: e.comment, at: e.at }));
	if (period.lockedAt !== null) steps.push({ key: 'locked', kind: 'locked', userName: period.lockedByName, comment: null, at: period.lockedAt });
	return steps;
}

/** One line of an activity's history. */
export type ActivityHistoryItem = { type: 'change'; key: string; at: number; row: ReportHistoryRow } | { type: 'step'; key: string; at: number; step: ReportStep };

/**
 * An activity's history, newest first: the changes to its item (`rows`
 * newest first, as the server returns them) among the report's steps, so
 * one sees what was changed after a return.
 */
export function activityHistory(entryId: string, rows: readonly ReportHistoryRow[], steps: readonly ReportStep[]): ActivityHistoryItem[] {
	const stepItems = steps.map((step) => ({ type: 'step' as const, key: step.key, at: step.at, step })).reverse();
	const changes = rows.filter((r) => r.entryId === entryId).map((row) => ({ type: 'change' as const, key: `change-${row.id}`, at: row.updatedAt, row }));
	// A stable sort: a step taken in the same millisecond as a change (a submit right after typing) comes first, as the later.
	return [...stepItems, ...changes].sort((a, b) => b.at - a.at);
}
