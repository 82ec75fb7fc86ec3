import { bodyOfDocName, PLAN_DOC } from '../../../board/doc';
import { whyNotWriteDoc, type Role } from '../../../board/permissions';
import { isoDay, parseReportDocName } from '../../../monitoring/reports';
import type { Boards } from '../../boards/boards';
import type { ReportingPeriods } from '../../monitoring/periods';
import type { Extension } from '../extension';

export interface AuthorityDeps {
	boards: Boards;
	/** The codes of the sectoral bodies that have a document on every board (the main bodies of the registry). */
	bodyCodes: () => ReadonlySet<string>;
	/** Reporting periods and the workflow state of their reports (none: a board has no reports). */
	periods?: ReportingPeriods;
}

/**
 * Which documents a board has, and who may write each of them now: from the
 * connection's session, the document's name and the board's current status
 * (read for every update, so finalizing takes effect at once), never from the
 * update's content (`whyNotWriteDoc`, docs/permissions.md).
 */
export function authority({ boards, bodyCodes, periods }: AuthorityDeps): Extension {
	return {
		name: 'authority',
		hasDocument(boardId, docName) {
			if (docName === PLAN_DOC) return true;
			const report = parseReportDocName(docName);
			if (report) return !!periods?.belongsTo(boardId, report.periodId) && bodyCodes().has(report.body);
			const body = bodyOfDocName(docName);
			return body !== null && bodyCodes().has(body);
		},
		whyNotWrite(user, boardId, docName) {
			const status = boards.get(boardId)?.status ?? 'finalized';
			const of = parseReportDocName(docName);
			const period = of && periods?.get(boardId, of.periodId);
			const report = of && period ? { period, status: periods!.status(of.periodId, of.body), today: isoDay() } : undefined;
			return whyNotWriteDoc({ role: user.role as Role, body: user.body }, docName, status, report);
		}
	};
}
