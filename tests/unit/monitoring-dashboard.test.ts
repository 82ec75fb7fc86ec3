import { describe, expect, it } from 'vitest';
import type { EntryView } from '$lib/board/view';
import { computeDashboard, dashboardCsvRows, percentCompleted, statusIn, type DashboardInput, type ReportInput } from '$lib/monitoring/dashboard';
import { blankItem, type ReportItemView } from '$lib/monitoring/report-doc';
import type { ActivityStatus, PeriodView } from '$lib/monitoring/reports';

const period = (id: number, label: string, closesOn: string, lockedAt: number | null = null): PeriodView => ({
	id,
	boardId: 'b',
	label,
	opensOn: '2020-01-01',
	closesOn,
	lockedAt,
	lockedByName: null,
	createdAt: 0
});
const entry = (id: string, body: string, provision: string, category: string): EntryView => ({
	id,
	body,
	provision,
	category,
	text: id,
	status: 'agreed',
	progress: 'proposed',
	decision: { state: 'agreed', by: 1, at: 0, meeting: null },
	uncertain: false,
	order: 0
});
const item = (status: ActivityStatus, more: Partial<ReportItemView> = {}) => blankItem({ status, ...more });
const report = (status: ReportInput['status'], items: ReportInput['items']): ReportInput => ({ status, items });

function input(): DashboardInput {
	return {
		parts: [
			{ id: 'A', title: 'Prevention' },
			{ id: 'B', title: 'Protection' }
		],
		categories: [
			{ id: 'training', name: 'Training' },
			{ id: 'research', name: 'Research' }
		],
		provisions: [
			{ id: 'A.a', part: 'A', letter: 'a', text: '' },
			{ id: 'B.a', part: 'B', letter: 'a', text: '' }
		],
		activities: [entry('e1', 'SOM-ED', 'A.a', 'training'), entry('e2', 'SOM-ED', 'B.a', 'research'), entry('e3', 'SOMTC', 'A.a', 'research')],
		bodies: ['SOMTC', 'SOM-ED'],
		periods: [period(1, '2024', '2024-12-31', 1), period(2, '2025', '2025-12-31')],
		reports: {
			1: { 'SOM-ED': report('approved', { e1: item('ongoing'), e2: item('not-started') }) },
			2: { 'SOM-ED': report('draft', { e1: item('completed'), e2: item('not-started', { end: '2025-06-30' }) }) }
		},
		today: '2026-01-15'
	};
}

describe('the monitoring dashboard', () => {
	it('tallies each period by part, category and body, unreported included', () => {
		const d = computeDashboard(input());
		const [y2024, y2025] = d.periods;
		expect(y2024.total).toEqual({ 'not-started': 1, ongoing: 1, completed: 0, dropped: 0, unreported: 1 });
		// A draft's untouched item is not a report yet.
		expect(y2025.total).toEqual({ 'not-started': 0, ongoing: 0, completed: 1, dropped: 0, unreported: 2 });
		expect(y2025.byPart.A).toMatchObject({ completed: 1, unreported: 1 });
		expect(y2025.byCategory.research.unreported).toBe(2);
		expect(y2024.byBody['SOM-ED']).toMatchObject({ ongoing: 1, 'not-started': 1 });
		expect(y2024.byBody.SOMTC.unreported).toBe(1);
		expect(y2025.reports).toEqual({ SOMTC: 'draft', 'SOM-ED': 'draft' });
		expect(percentCompleted(y2025.byPart.A)).toBe(50);
		expect(d.completedChange).toBe(1);
	});

	it('finds never reported, overdue, stalled and changed activities, and overdue reports', () => {
		const data = input();
		data.reports[2]['SOM-ED'].status = 'submitted';
		const d = computeDashboard(data);
		expect(d.neverReported.map((t) => t.activity.id)).toEqual(['e3']);
		expect(d.overdue.map((t) => t.activity.id)).toEqual(['e2']);
		expect(d.stalled.map((t) => [t.activity.id, t.noProgressSince])).toEqual([['e2', '2024']]);
		expect(d.changed.map((t) => [t.activity.id, t.change])).toEqual([['e1', { from: 'ongoing', to: 'completed' }]]);
		// 2024 is locked; in 2025 (closed on 31 Dec) SOMTC never submitted, SOM-ED did.
		expect(d.overdueReports.map((r) => [r.period.label, r.body, r.status])).toEqual([['2025', 'SOMTC', 'draft']]);
	});

	it('counts a submitted report’s untouched item as reported, and an empty report as nothing', () => {
		expect(statusIn(report('submitted', { e1: item('not-started') }), 'e1')).toBe('not-started');
		expect(statusIn(report('draft', { e1: item('not-started') }), 'e1')).toBe('unreported');
		expect(statusIn(report('draft', { e1: item('not-started', { narrative: 'Planned for March.' }) }), 'e1')).toBe('not-started');
		expect(statusIn(undefined, 'e1')).toBe('unreported');
	});

	it('gives its figures as CSV rows with names', () => {
		const rows = dashboardCsvRows(computeDashboard(input()), { parts: { A: 'A. Prevention' }, categories: { training: 'Training' } });
		expect(rows[0]).toEqual(['period', 'by', 'group', 'not-started', 'ongoing', 'completed', 'dropped', 'unreported', 'percent completed']);
		expect(rows).toContainEqual(['2025', 'part', 'A. Prevention', '0', '0', '1', '0', '1', '50']);
		expect(rows).toContainEqual(['2024', 'body', 'SOMTC', '0', '0', '0', '0', '1', '0']);
	});
});
