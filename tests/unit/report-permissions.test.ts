import { describe, expect, it } from 'vitest';
import { whyNotWriteDoc } from '$lib/board/permissions';
import { parseReportDocName, reportDocName, whyNotReportAction, whyNotWriteReport, type PeriodView, type ReportStatus } from '$lib/monitoring/reports';

const period: PeriodView = { id: 3, boardId: 'b', label: '2026', opensOn: '2026-11-01', closesOn: '2026-11-30', lockedAt: null, lockedByName: null, createdAt: 0 };
const locked = { ...period, lockedAt: 1 };
const somEd = { role: 'delegate', body: 'SOM-ED' } as const;
const chair = { role: 'chair', body: 'SOMTC' } as const;
const secretariat = { role: 'secretariat', body: null } as const;
const observer = { role: 'observer', body: null } as const;
const IN = '2026-11-15';
const AFTER = '2026-12-02';

describe('who writes a progress report', () => {
	it('names report documents and reads them back; other names are no reports', () => {
		expect(reportDocName(3, 'SOM-ED')).toBe('report:3:SOM-ED');
		expect(parseReportDocName('report:3:SOM-ED')).toEqual({ periodId: 3, body: 'SOM-ED' });
		for (const name of ['report:0:X', 'report:3:', 'report:x:SOM-ED', 'body:SOM-ED', 'report:3:SOM ED']) expect(parseReportDocName(name)).toBeNull();
	});

	it.each<[string, ReportStatus, string, PeriodView, boolean, boolean]>([
		// status, day, period, body delegate may, secretariat may
		['draft in its window', 'draft', IN, period, true, true],
		['draft after its window', 'draft', AFTER, period, false, true],
		['returned after its window', 'returned', AFTER, period, true, true],
		['submitted', 'submitted', IN, period, false, false],
		['approved', 'approved', IN, period, false, false],
		['draft of a locked period', 'draft', IN, locked, false, false]
	])('%s', (_, status, day, p, delegateMay, secretariatMay) => {
		expect(whyNotWriteReport(somEd, 'SOM-ED', p, status, day) === null).toBe(delegateMay);
		expect(whyNotWriteReport(secretariat, 'SOM-ED', p, status, day) === null).toBe(secretariatMay);
		// Never another body's delegate, the chair of another body or an observer.
		for (const who of [chair, observer, { role: 'delegate', body: 'SOMTC' } as const]) expect(whyNotWriteReport(who, 'SOM-ED', p, status, day)).not.toBeNull();
	});

	it('is the server check of report documents, from the report state it is given', () => {
		const name = reportDocName(3, 'SOM-ED');
		expect(whyNotWriteDoc(somEd, name, 'open', { period, status: 'draft', today: IN })).toBeNull();
		// A finalized plan does not stop reporting.
		expect(whyNotWriteDoc(somEd, name, 'finalized', { period, status: 'draft', today: IN })).toBeNull();
		expect(whyNotWriteDoc(somEd, name, 'open')).toMatch(/no report/);
		expect(whyNotWriteDoc(somEd, name, 'open', { period: { ...period, id: 4 }, status: 'draft', today: IN })).toMatch(/no report/);
	});

	it('leaves returning and approving to the secretariat, on submitted reports of open periods', () => {
		for (const action of ['return', 'approve'] as const) {
			expect(whyNotReportAction(secretariat, action, 'SOM-ED', period, 'submitted', IN)).toBeNull();
			expect(whyNotReportAction(secretariat, action, 'SOM-ED', period, 'draft', IN)).toMatch(/Only a submitted report/);
			expect(whyNotReportAction(secretariat, action, 'SOM-ED', locked, 'submitted', IN)).toMatch(/locked/);
			expect(whyNotReportAction(chair, action, 'SOM-ED', period, 'submitted', IN)).toMatch(/Only the secretariat/);
		}
		expect(whyNotReportAction(somEd, 'submit', 'SOM-ED', period, 'draft', IN)).toBeNull();
	});
});
