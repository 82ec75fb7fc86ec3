import type { IncomingMessage } from 'node:http';
import { readCookie, SESSION_COOKIE, type Sessions } from '../../identity/auth';
import type { Extension } from '../extension';

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

/**
 * Who is connecting, before the WebSocket exists: the Origin must be the
 * server's own (`origin`: env ORIGIN, if configured) and the session cookie a
 * valid session. The connection keeps that user for its lifetime.
 */
export function session({ sessions, origin }: { sessions: Sessions; origin: string | undefined }): Extension {
	return {
		name: 'session',
		authenticate(req) {
			if (!originAllowed(req, origin)) return null;
			const validated = sessions.validate(readCookie(req.headers.cookie, SESSION_COOKIE));
			if (!validated) return null;
			const { user, session } = validated;
			return { userId: user.id, name: user.name, role: user.role, body: user.body, sessionId: session.id };
		}
	};
}
