import { Sessions } from './auth';
import { Boards } from './boards';
import { collabHooks } from './collab-hooks';
import { Rooms } from './collab/rooms';
import { Comments } from './comments';
import type { AppConfig } from './config';
import { openDatabase, type Db } from './db';
import { DocStore } from './doc-store';
import { ExportRenderer } from './export/renderer';
import { HistoryQueries } from './history/queries';
import { HistoryRecorder } from './history/recorder';
import { Invites } from './invites';
import { LoginThrottle } from './login-throttle';
import { Meetings } from './meetings';
import { Notifications } from './notifications';
import { Users } from './users';
import { Versions } from './versions';

/** Everything the server holds for its lifetime: one per process. */
export interface AppContext {
	config: AppConfig;
	db: Db;
	store: DocStore;
	boards: Boards;
	rooms: Rooms;
	users: Users;
	sessions: Sessions;
	invites: Invites;
	loginThrottle: LoginThrottle;
	/** Per-cell history (written by the rooms' hooks) and named versions. */
	history: HistoryQueries;
	versions: Versions;
	/** Discussion on cells, and the in-app notifications it sends. */
	comments: Comments;
	notifications: Notifications;
	/** Meetings on boards (agenda, current item, draft minutes). */
	meetings: Meetings;
	/** Renders Word, Excel and PDF exports off the event loop. */
	exports: ExportRenderer;
}

/** Opens the database and builds the services on it. */
export function createAppContext(config: AppConfig): AppContext {
	const db = openDatabase(config.dbPath);
	const store = new DocStore(db);
	const boards = new Boards(db, store);
	const sessions = new Sessions(db);
	const notifications = new Notifications(db);
	const meetings = new Meetings(db);
	const hooks = collabHooks({ sessions, boards, origin: config.origin, history: new HistoryRecorder(db), meetings });
	const rooms = new Rooms({ store, boards, collab: config.collab, hooks });
	return {
		config,
		db,
		store,
		boards,
		rooms,
		users: new Users(db),
		sessions,
		invites: new Invites(db),
		loginThrottle: new LoginThrottle(),
		history: new HistoryQueries(db),
		versions: new Versions(db),
		comments: new Comments(db, notifications),
		notifications,
		meetings,
		exports: new ExportRenderer(config.exportWorker)
	};
}

/** Closes sockets, flushes live documents into checkpoints and closes the database. */
export async function closeAppContext(ctx: AppContext): Promise<void> {
	await ctx.rooms.close();
	await ctx.exports.close();
	ctx.db.close();
}

// The Node entry (server/) and SvelteKit's bundled code are separate module
// graphs; a registered global is how both reach the same database and rooms.
const KEY = Symbol.for('planning-board.app-context');
type WithContext = typeof globalThis & { [KEY]?: AppContext };

export function setAppContext(ctx: AppContext | undefined): void {
	(globalThis as WithContext)[KEY] = ctx;
}

export function getAppContext(): AppContext {
	const ctx = (globalThis as WithContext)[KEY];
	if (!ctx) throw new Error('The Planning Board server context is not set up: start the app with `npm start` or `npm run dev`.');
	return ctx;
}
