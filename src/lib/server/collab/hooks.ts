import type { IncomingMessage } from 'node:http';
import { bodyOfDocName, PLAN_DOC } from '../../board/doc';
import { whyNotWriteDoc, type Actor, type Role } from '../../board/permissions';
import { readCookie, SESSION_COOKIE, type Sessions } from '../identity/auth';
import type { Boards } from '../boards/boards';
import type { CollabHooks, ConnectionUser } from './options';
import type { HistoryRecorder } from '../history/recorder';
import { isoDay, parseReportDocName } from '../../monitoring/reports';
import type { ReportingPeriods } from '../monitoring/periods';

export interface CollabHookDeps {
	sessions: Sessions;
	boards: Boards;
	/** The codes of the sectoral bodies that have a document on every board (the main bodies of the registry). */
	bodyCodes: () => ReadonlySet<string>;
	/** The configured public origin (env ORIGIN), if any. */
	origin: string | undefined;
	/** Records per-cell history as updates are applied (none: no history). */
	history?: HistoryRecorder;
	/** Reporting periods and the workflow state of their reports (none: a board has no reports). */
	periods?: ReportingPeriods;
}

/**
 * Browsers send Origin on every WebSocket handshake and attach cookies even
 * to cross-site sockets, so without this check any web page a delegate visits
 * could co-edit as them. Non-browser clients send no Origin and have no
 * ambient cookies to abuse.
 */
export function originAllowed(req: IncomingMessage, configured: string | undefined): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (configured) return origin === configured;
	const host = req.headers.host;
	return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

function actorOf(user: ConnectionUser): Actor {
	return { role: user.role as Role, body: user.body };
}

/**
 * The write path's authentication and authority: the session cookie and
 * Origin are checked before the WebSocket exists; every update that would
 * change a document is checked against who may write that document, from
 * the session and the board's current status alone; history follows every
 * loaded document and records each stored update.
 */
export function collabHooks({ sessions, boards, bodyCodes, origin, history, periods }: CollabHookDeps): CollabHooks {
	return {
		// History follows every loaded document: a board's cells and structure, a report's fields.
		docLoaded: history && ((boardId, docName, doc) => history.attach(boardId, docName, doc)),
		afterApply: history && ((info) => history.record(info)),
		authenticate(req) {
			if (!originAllowed(req, origin)) return null;
			const validated = sessions.validate(readCookie(req.headers.cookie, SESSION_COOKIE));
			if (!validated) return null;
			const { user, session } = validated;
			return { userId: user.id, name: user.name, role: user.role, body: user.body, sessionId: session.id };
		},
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
			return whyNotWriteDoc(actorOf(user), docName, status, report);
		}
	};
}
