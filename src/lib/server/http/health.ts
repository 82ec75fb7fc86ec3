import type { AppContext } from '../app-context';

export interface Health {
	status: 'ok' | 'error';
	version: string;
	db: { ok: boolean; schema?: number; error?: string };
	rooms: number;
	uptimeSeconds: number;
}

/** What `GET /healthz` answers: the app version and whether the database answers. */
export function health(ctx: AppContext, version: string): Health {
	let db: Health['db'];
	try {
		db = { ok: true, schema: ctx.db.pragma('user_version', { simple: true }) as number };
	} catch (e) {
		db = { ok: false, error: (e as Error).message };
	}
	return {
		status: db.ok ? 'ok' : 'error',
		version,
		db,
		rooms: ctx.rooms.size,
		uptimeSeconds: Math.round(process.uptime())
	};
}
