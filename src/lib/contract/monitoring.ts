import { z } from 'zod';
import type { DashboardInput } from '../monitoring/dashboard';
import type { ReportHistoryRow } from '../monitoring/report-history';
import type { PeriodView, ReportEvent, ReportState } from '../monitoring/reports';

/** `/api/boards/<id>/periods…` and `/monitoring`: reporting periods, body reports, the dashboard's input. */

/** POST `/periods`: the secretariat opens a reporting period. */
export const NewPeriod = z.strictObject({
	label: z.string({ error: 'Name the period (`label`), e.g. "2024".' }),
	opensOn: z.string({ error: 'Say when the window opens (`opensOn`, YYYY-MM-DD).' }),
	closesOn: z.string({ error: 'Say when the window closes (`closesOn`, YYYY-MM-DD).' })
});
export type NewPeriod = z.input<typeof NewPeriod>;

/** POST `/periods/<periodId>`: the one action on a period, approving (locking) it. */
export const PeriodAction = z.strictObject({ action: z.literal('lock', { error: 'The one action on a period is `lock` (approve it).' }) });

/** POST `/periods/<periodId>/reports/<body>`: submit (the body's delegates), return with a comment or approve (the secretariat). */
export const ReportAction = z.strictObject({
	action: z.enum(['submit', 'return', 'approve'], { error: 'Say what to do: `submit`, `return` or `approve`.' }),
	comment: z.string().nullish()
});

/** GET `/periods/<periodId>/reports/<body>`: the report's workflow state, its steps and its field changes (newest first). */
export interface ReportDetail {
	report: ReportState;
	events: ReportEvent[];
	changes: ReportHistoryRow[];
}

/** GET `/periods`. */
export interface PeriodList {
	periods: PeriodView[];
}

/** GET `/monitoring`: what the dashboard's figures are computed from. */
export interface MonitoringAnswer {
	input: DashboardInput;
}
