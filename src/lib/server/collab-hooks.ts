import type { IncomingMessage } from 'node:http';
import type { Actor, Role } from '../board/permissions';
import { readCookie, SESSION_COOKIE, type Sessions } from './auth';
import type { Boards } from './boards';
import type { CollabHooks, ConnectionUser } from './collab/options';
import type { HistoryRecorder } from './history/recorder';
import type { Meetings } from './meetings';
import { authorizeUpdate } from './permissions/authorize-update';

export interface CollabHookDeps {
	sessions: Sessions;
	boards: Boards;
	/** The configured public origin (env ORIGIN), if any. */
	origin: string | undefined;
	/** Records per-cell history as updates are applied (none: no history). */
	history?: HistoryRecorder;
	/** Whether a meeting runs on a board, read for every update like its status (none: never). */
	meetings?: Pick<Meetings, 'isRunning'>;
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
 * The write path's authentication and authorisation: the session cookie and
 * Origin are checked before the WebSocket exists; every update is checked
 * against the permission rules and the board's current status before it is
 * applied; history follows every loaded board and records each stored update.
 */
export function collabHooks({ sessions, boards, origin, history, meetings }: CollabHookDeps): CollabHooks {
	return {
		docLoaded: history && ((boardId, doc) => history.attach(boardId, doc)),
		afterApply: history && ((info) => history.record(info)),
		authenticate(req) {
			if (!originAllowed(req, origin)) return null;
			const validated = sessions.validate(readCookie(req.headers.cookie, SESSION_COOKIE));
			if (!validated) return null;
			const { user, session } = validated;
			return { userId: user.id, name: user.name, role: user.role, body: user.body, sessionId: session.id };
		},
		authorizeUpdate(user, doc, update, { boardId }) {
			const status = boards.get(boardId)?.status ?? 'finalized';
			return authorizeUpdate(actorOf(user), status, doc, update, { meetingRunning: meetings?.isRunning(boardId) ?? false });
		}
	};
}
