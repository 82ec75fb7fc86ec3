import type { BoardView } from '../board/view';
import { statusIn, type ReportInput } from './dashboard';
import { ACTIVITY_STATUS_LABELS, type PeriodView } from './reports';

/** The longest narrative an export prints under an activity (the report keeps all of it). */
const MAX_NARRATIVE = 600;

/**
 * The progress layer of a board for one period: every agreed activity's text
 * followed by a line with what its body reported (status, narrative,
 * indicator), so the board's exports print it in their own publication
 * layout. Entries that are not agreed activities are left as they are.
 */
export function withProgress(view: BoardView, period: Pick<PeriodView, 'label'>, reports: Record<string, ReportInput>): BoardView {
	return {
		...view,
		title: `${view.title} · progress ${period.label}`,
		entries: view.entries.map((e) => {
			if (e.decision?.state !== 'agreed') return e;
			const report = reports[e.body];
			const status = statusIn(report, e.id);
			const item = report?.items[e.id];
			const parts = [status === 'unreported' ? 'Not reported' : ACTIVITY_STATUS_LABELS[status]];
			const narrative = item?.narrative.trim();
			if (narrative) parts.push(narrative.length > MAX_NARRATIVE ? `${narrative.slice(0, MAX_NARRATIVE - 1)}…` : narrative);
			if (item && (item.indicator || item.actual !== null || item.target !== null)) {
				const of = item.target !== null ? ` of ${item.target}` : '';
				parts.push(`${item.indicator || 'Indicator'}: ${item.actual ?? '–'}${of}${item.unit ? ` ${item.unit}` : ''}`);
			}
			return { ...e, text: `${e.text}\nProgress ${period.label}: ${parts.join(' — ')}` };
		})
	};
}
