import { describe, expect, it } from 'vitest';
import type { BoardView, EntryView } from '$lib/board/view';
import type { DashboardInput, ReportInput } from '$lib/monitoring/dashboard';
import { withProgress } from '$lib/monitoring/progress-layer';
import { blankItem, type ReportItemView } from '$lib/monitoring/report-doc';
import type { PeriodView } from '$lib/monitoring/reports';
import { exportDocx } from '$lib/server/export/docx';
import { buildExportModel } from '$lib/server/export/model';
import { REPORT_HISTORY_SHEET, REPORTS_SHEET, reportsXlsx } from '$lib/server/monitoring/reports-xlsx';
import { sheetRows, textOf, zipPart } from '../helpers/ooxml';

const agreed = { state: 'agreed', by: 1, at: 0, meeting: null } as const;
const entry = (id: string, body: string, text: string, decided: boolean): EntryView => ({
	id,
	body,
	provision: 'A.a',
	category: 'training',
	text,
	status: decided ? 'agreed' : 'proposed',
	progress: 'proposed',
	decision: decided ? agreed : undefined,
	uncertain: false,
	order: 0
});
const item = (more: Partial<ReportItemView>) => blankItem(more);
const view: BoardView = {
	title: 'APA',
	asOf: '2016-05-31',
	parts: [{ id: 'A', title: 'Prevention' }],
	categories: [{ id: 'training', name: 'Training' }],
	provisions: [{ id: 'A.a', part: 'A', letter: 'a', text: 'Raise awareness' }],
	entries: [entry('e1', 'SOM-ED', 'Teacher training', true), entry('e2', 'SOM-ED', 'Not agreed yet', false), entry('e3', 'SOMTC', 'Border workshop', true)],
	leads: {}
};
const period: PeriodView = { id: 1, boardId: 'b', label: '2026', opensOn: '2026-01-01', closesOn: '2026-12-31', lockedAt: null, lockedByName: null, createdAt: 0 };
const reports: Record<string, ReportInput> = {
	'SOM-ED': { status: 'approved', items: { e1: item({ status: 'completed', narrative: 'Two workshops held.', indicator: 'Teachers trained', unit: 'people', target: 200, actual: 180 }) } }
};

describe('the progress layer of exports', () => {
	it('prints each agreed activity’s progress under it, and leaves other entries alone', () => {
		const layered = withProgress(view, period, reports);
		expect(layered.title).toBe('APA · progress 2026');
		expect(layered.entries.map((e) => e.text)).toEqual([
			'Teacher training\nProgress 2026: Completed — Two workshops held. — Teachers trained: 180 of 200 people',
			'Not agreed yet',
			'Border workshop\nProgress 2026: Not reported'
		]);
	});

	it('reaches the Word matrix in its publication layout', async () => {
		const model = buildExportModel(withProgress(view, period, reports), [], { id: 'b', status: 'open', exportedOn: '2026-12-02' });
		const xml = (await zipPart(await exportDocx(model), 'word/document.xml'))!;
		expect(textOf(xml, 'w:t')).toContain('Progress 2026: Completed — Two workshops held.');
	});

	it('lists every report in one workbook, with the history of each', async () => {
		const input: DashboardInput = {
			...view,
			activities: [view.entries[0], view.entries[2]],
			bodies: ['SOMTC', 'SOM-ED'],
			periods: [period],
			reports: { 1: reports },
			today: '2026-12-02'
		};
		const events = [{ period: '2026', body: 'SOM-ED', event: { id: 1, kind: 'returned' as const, comment: 'Add evidence.', userId: 1, userName: 'Sam', at: Date.UTC(2026, 11, 1, 9, 30) } }];
		const bytes = await reportsXlsx(input, events);
		const rows = await sheetRows(bytes, REPORTS_SHEET);
		expect(rows[1].cells).toMatchObject({ A: '2026', B: 'SOM-ED', C: 'Approved', D: 'A.a', F: 'Teacher training', G: 'Completed', H: 'Two workshops held.', N: '200', O: '180' });
		expect(rows[2].cells).toMatchObject({ B: 'SOMTC', C: 'Draft', G: 'Not reported' });
		expect((await sheetRows(bytes, REPORT_HISTORY_SHEET))[1].cells).toMatchObject({ C: 'returned', D: 'Sam', E: '2026-12-01 09:30', F: 'Add evidence.' });
	});
});
