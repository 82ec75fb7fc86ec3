import ExcelJS from 'exceljs';
import { provisionRef } from '../../board/grouping';
import type { DashboardInput } from '../../monitoring/dashboard';
import { statusIn } from '../../monitoring/dashboard';
import { ACTIVITY_STATUS_LABELS, REPORT_STATUS_LABELS, type ReportEvent } from '../../monitoring/reports';

export const REPORTS_SHEET = 'Reports';
// Excel reserves the sheet name "History".
export const REPORT_HISTORY_SHEET = 'Steps';

const COLUMNS: { header: string; width: number }[] = [
	{ header: 'Period', width: 12 },
	{ header: 'Body', width: 10 },
	{ header: 'Report', width: 14 },
	{ header: 'Provision', width: 9 },
	{ header: 'Category', width: 22 },
	{ header: 'Activity', width: 50 },
	{ header: 'Status', width: 12 },
	{ header: 'Narrative', width: 60 },
	{ header: 'Started', width: 11 },
	{ header: 'Ended or due', width: 11 },
	{ header: 'Evidence', width: 40 },
	{ header: 'Indicator', width: 24 },
	{ header: 'Unit', width: 10 },
	{ header: 'Target', width: 9 },
	{ header: 'Actual', width: 9 }
];

/**
 * Every progress report of a board as one workbook: a row per agreed
 * activity and period (what its body reported, or "Not reported"), and the
 * reports' history (who submitted, returned, approved, with the comments).
 */
export async function reportsXlsx(
	input: DashboardInput,
	events: { period: string; body: string; event: ReportEvent }[]
): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(REPORTS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
	sheet.getRow(1).font = { bold: true };
	const provisions = new Map(input.provisions.map((p) => [p.id, p]));
	const categories = new Map(input.categories.map((c) => [c.id, c.name]));
	for (const period of input.periods) {
		for (const a of input.activities) {
			const report = input.reports[period.id]?.[a.body];
			const item = report?.items[a.id];
			const status = statusIn(report, a.id);
			const p = provisions.get(a.provision);
			sheet.addRow([
				period.label,
				a.body,
				REPORT_STATUS_LABELS[report?.status ?? 'draft'],
				p ? provisionRef(p) : a.provision,
				categories.get(a.category) ?? a.category,
				a.text,
				status === 'unreported' ? 'Not reported' : ACTIVITY_STATUS_LABELS[status],
				item?.narrative ?? '',
				item?.start ?? '',
				item?.end ?? '',
				item?.evidence.join('\n') ?? '',
				item?.indicator ?? '',
				item?.unit ?? '',
				item?.target ?? null,
				item?.actual ?? null
			]);
		}
	}
	for (const col of [6, 8, 11]) sheet.getColumn(col).alignment = { wrapText: true, vertical: 'top' };
	const history = book.addWorksheet(REPORT_HISTORY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	history.columns = [
		{ header: 'Period', width: 12 },
		{ header: 'Body', width: 10 },
		{ header: 'Step', width: 12 },
		{ header: 'By', width: 24 },
		{ header: 'When (UTC)', width: 18 },
		{ header: 'Comment', width: 60 }
	];
	history.getRow(1).font = { bold: true };
	for (const { period, body, event } of events) {
		history.addRow([period, body, event.kind, event.userName ?? '', new Date(event.at).toISOString().slice(0, 16).replace('T', ' '), event.comment ?? '']);
	}
	return new Uint8Array(await book.xlsx.writeBuffer());
}
