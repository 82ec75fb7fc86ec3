import type { CategoryView, EntryView, PartView, ProvisionView } from '../board/view';
import type { ReportItemView } from './report-doc';
import { ACTIVITY_STATUSES, type ActivityStatus, type PeriodView, type ReportStatus } from './reports';

/**
 * The monitoring dashboard's figures, from plain views of the plan, the
 * agreed activities and every period's reports: pure, so the page (live),
 * the CSV download and the tests compute the same numbers.
 */

/** An activity's state in one period: what its body reported, or `unreported`. */
export type ShownStatus = ActivityStatus | 'unreported';
export const SHOWN_STATUSES: readonly ShownStatus[] = [...ACTIVITY_STATUSES, 'unreported'];

/** How many activities are in each state. */
export type Tally = Record<ShownStatus, number>;

/** A body's report in a period as the dashboard reads it. */
export interface ReportInput {
	status: ReportStatus;
	items: Record<string, ReportItemView>;
}

export interface DashboardInput {
	parts: PartView[];
	categories: CategoryView[];
	provisions: ProvisionView[];
	/** The agreed activities (`agreedActivities`). */
	activities: EntryView[];
	/** The reporting bodies' codes, in registry order. */
	bodies: string[];
	/** Oldest window first. */
	periods: PeriodView[];
	/** period id → body → report (a body without one has an empty draft). */
	reports: Record<number, Record<string, ReportInput>>;
	/** YYYY-MM-DD. */
	today: string;
}

export interface PeriodFigures {
	period: PeriodView;
	total: Tally;
	byPart: Record<string, Tally>;
	byCategory: Record<string, Tally>;
	byBody: Record<string, Tally>;
	/** body → where its report is. */
	reports: Record<string, ReportStatus>;
}

export interface ActivityTrack {
	activity: EntryView;
	/** Its state in each period, oldest first. */
	statuses: ShownStatus[];
	/** The last state reported (null: never). */
	last: ActivityStatus | null;
	/** The period since which an unfinished activity has reported the same state (two periods or more). */
	noProgressSince: string | null;
	/** Its reported end date has passed and it is neither completed nor dropped. */
	overdue: boolean;
	/** Its state in the period before the latest and in the latest, when they differ. */
	change: { from: ShownStatus; to: ShownStatus } | null;
}

export interface Dashboard {
	periods: PeriodFigures[];
	activities: ActivityTrack[];
	neverReported: ActivityTrack[];
	overdue: ActivityTrack[];
	stalled: ActivityTrack[];
	changed: ActivityTrack[];
	/** Reports whose window has closed without a submission (drafts and returned reports of unlocked periods). */
	overdueReports: { period: PeriodView; body: string; status: ReportStatus }[];
	/** Completed activities in the latest period minus in the one before (null with fewer than two periods). */
	completedChange: number | null;
}

export function emptyTally(): Tally {
	return { 'not-started': 0, ongoing: 0, completed: 0, dropped: 0, unreported: 0 };
}

/** The share of a tally's activities that are completed, 0–100 (0 for none). */
export function percentCompleted(t: Tally): number {
	const n = SHOWN_STATUSES.reduce((sum, s) => sum + t[s], 0);
	return n === 0 ? 0 : Math.round((100 * t.completed) / n);
}

/** What a report says of an activity: its item once anything was reported on it (or the report was submitted). */
export function statusIn(report: ReportInput | undefined, activityId: string): ShownStatus {
	const item = report?.items[activityId];
	if (!item) return 'unreported';
	const touched = item.status !== 'not-started' || item.narrative.trim() !== '' || report!.status === 'submitted' || report!.status === 'approved';
	return touched ? item.status : 'unreported';
}

function bump(table: Record<string, Tally>, key: string, status: ShownStatus): void {
	(table[key] ??= emptyTally())[status]++;
}

/** Everything the dashboard shows. */
export function computeDashboard(input: DashboardInput): Dashboard {
	const partOf = new Map(input.provisions.map((p) => [p.id, p.part]));
	const periods: PeriodFigures[] = input.periods.map((period) => {
		const reports = input.reports[period.id] ?? {};
		const figures: PeriodFigures = { period, total: emptyTally(), byPart: {}, byCategory: {}, byBody: {}, reports: {} };
		for (const p of input.parts) figures.byPart[p.id] = emptyTally();
		for (const c of input.categories) figures.byCategory[c.id] = emptyTally();
		for (const b of input.bodies) {
			figures.byBody[b] = emptyTally();
			figures.reports[b] = reports[b]?.status ?? 'draft';
		}
		for (const a of input.activities) {
			const status = statusIn(reports[a.body], a.id);
			figures.total[status]++;
			bump(figures.byPart, partOf.get(a.provision) ?? '', status);
			bump(figures.byCategory, a.category, status);
			bump(figures.byBody, a.body, status);
		}
		return figures;
	});

	const activities = input.activities.map((activity) => track(activity, input));
	const overdueReports: Dashboard['overdueReports'] = [];
	for (const period of input.periods) {
		if (period.lockedAt !== null || input.today <= period.closesOn) continue;
		for (const body of input.bodies) {
			const status = input.reports[period.id]?.[body]?.status ?? 'draft';
			if (status === 'draft' || status === 'returned') overdueReports.push({ period, body, status });
		}
	}
	const n = periods.length;
	return {
		periods,
		activities,
		neverReported: activities.filter((t) => t.last === null),
		overdue: activities.filter((t) => t.overdue),
		stalled: activities.filter((t) => t.noProgressSince !== null),
		changed: activities.filter((t) => t.change !== null),
		overdueReports,
		completedChange: n >= 2 ? periods[n - 1].total.completed - periods[n - 2].total.completed : null
	};
}

function track(activity: EntryView, input: DashboardInput): ActivityTrack {
	const statuses = input.periods.map((p) => statusIn(input.reports[p.id]?.[activity.body], activity.id));
	let lastIndex = -1;
	for (let i = statuses.length - 1; i >= 0; i--) {
		if (statuses[i] !== 'unreported') {
			lastIndex = i;
			break;
		}
	}
	const last = lastIndex >= 0 ? (statuses[lastIndex] as ActivityStatus) : null;
	let noProgressSince: string | null = null;
	if (last === 'not-started' || last === 'ongoing') {
		let first = lastIndex;
		while (first > 0 && statuses[first - 1] === last) first--;
		if (first < lastIndex) noProgressSince = input.periods[first].label;
	}
	const item = lastIndex >= 0 ? input.reports[input.periods[lastIndex].id]?.[activity.body]?.items[activity.id] : undefined;
	const overdue = !!item?.end && item.end < input.today && last !== 'completed' && last !== 'dropped';
	const n = statuses.length;
	const change = n >= 2 && statuses[n - 1] !== statuses[n - 2] ? { from: statuses[n - 2], to: statuses[n - 1] } : null;
	return { activity, statuses, last, noProgressSince, overdue, change };
}

/** The dashboard's figures as CSV rows (period, dimension, key, then one column per state). */
export function dashboardCsvRows(d: Dashboard, names: { parts: Record<string, string>; categories: Record<string, string> }): string[][] {
	const rows: string[][] = [['period', 'by', 'group', ...SHOWN_STATUSES, 'percent completed']];
	const line = (label: string, by: string, group: string, t: Tally) => rows.push([label, by, group, ...SHOWN_STATUSES.map((s) => String(t[s])), String(percentCompleted(t))]);
	for (const f of d.periods) {
		line(f.period.label, 'all', 'all activities', f.total);
		for (const [k, t] of Object.entries(f.byPart)) line(f.period.label, 'part', names.parts[k] ?? k, t);
		for (const [k, t] of Object.entries(f.byCategory)) line(f.period.label, 'category', names.categories[k] ?? k, t);
		for (const [k, t] of Object.entries(f.byBody)) line(f.period.label, 'body', k, t);
	}
	return rows;
}
