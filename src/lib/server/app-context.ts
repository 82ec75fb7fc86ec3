import { Accounts } from './identity/accounts';
import { Sessions } from './identity/auth';
import { listBodies } from './boards/bodies';
import { Boards } from './boards/boards';
import * as collab from './collab';
import * as discussion from './discussion';
import { Reattribution } from './boards/reattribute';
import { splitLegacyBoards } from './boards/split';
import type { AppConfig } from './config';
import { openDatabase, type Db } from './db';
import { ExportRenderer } from './export/renderer';
import { HistoryQueries } from './history/queries';
import { Imports } from './import/imports';
import { HistoryRecorder } from './history/recorder';
import { Restorer } from './history/restore';
import { Invites } from './identity/invites';
import { LoginThrottle } from './identity/login-throttle';
import { Meetings } from './meetings/meetings';
import { ReportingPeriods } from './monitoring/periods';
import { Reporting } from './monitoring/reporting';
import { Procedures } from './negotiation/procedures';
import { Suggestions } from './negotiation/suggestions';
import { Users } from './identity/users';
import { Versions } from './history/versions';

/** Everything the server holds for its lifetime: one per process. */
export interface AppContext {
	config: AppConfig;
	db: Db;
	store: collab.DocStore;
	boards: Boards;
	rooms: collab.Rooms;
	users: Users;
	sessions: Sessions;
	invites: Invites;
	/** Account administration: create, deactivate, reset, accept an invite. */
	accounts: Accounts;
	loginThrottle: LoginThrottle;
	/** Per-cell history (written by the rooms' history extension), restoring from it, and named versions with the board's status. */
	history: HistoryQueries;
	restorer: Restorer;
	versions: Versions;
	/** Moving an entry to another body (the secretariat's). */
	reattribution: Reattribution;
	/** Discussion on cells, and the in-app notifications it sends. */
	comments: discussion.Comments;
	notifications: discussion.Notifications;
	/** Meetings on boards (agenda, current item, draft minutes). */
	meetings: Meetings;
	/** The reporting tables: periods, report states and their events. */
	periods: ReportingPeriods;
	/** Reporting periods and the workflow of progress reports (their content is a Yjs document each), and the dashboard's reads. */
	reporting: Reporting;
	/** The codes of the main sectoral bodies (every one has a document and a report per period). */
	bodyCodes: () => ReadonlySet<string>;
	/** Suggested changes to documents their authors may not write (docs/negotiation.md). */
	suggestions: Suggestions;
	/** Ad referendum and silence procedures, closed at their deadline by a sweep (docs/negotiation.md). */
	procedures: Procedures;
	/** Stops the procedures' sweep. */
	stopSweep: () => void;
	/** Renders Word, Excel and PDF exports off the event loop. */
	exports: ExportRenderer;
	/** New boards from export files, previewed before they are created. */
	imports: Imports;
}

/** Opens the database and builds the services on it. */
export function createAppContext(config: AppConfig): AppContext {
	const db = openDatabase(config.dbPath);
	const store = new collab.DocStore(db);
	const boards = new Boards(db, store);
	const sessions = new Sessions(db);
	const users = new Users(db);
	const invites = new Invites(db);
	const notifications = new discussion.Notifications(db);
	const recorder = new HistoryRecorder(db);
	// The registry is seeded after the context exists and never shrinks: read it until it has bodies.
	let bodyCodes = new Set<string>();
	const mainBodies = () => {
		if (bodyCodes.size === 0) bodyCodes = new Set(listBodies(db).filter((b) => !b.parent).map((b) => b.code));
		return bodyCodes;
	};
	const periods = new ReportingPeriods(db);
	const clientIds = new collab.ClientIds(db);
	// A database of the first release keeps each board in one document: split it before anyone connects.
	splitLegacyBoards(db, store, clientIds);
	const extensions = collab.appExtensions({ sessions, boards, bodyCodes: mainBodies, origin: config.origin, clientIds, history: recorder, periods });
	const rooms = new collab.Rooms({ store, boards, collab: config.collab, extensions });
	recorder.readPlan = (boardId) => rooms.readPlan(boardId);
	const procedures = new Procedures({ db, rooms, boards, now: config.now });
	const history = new HistoryQueries(db);
	const versions = new Versions({ db, boards, rooms, store });
	const comments = new discussion.Comments(db, notifications);
	const suggestions = new Suggestions({ db, rooms, boards, bodies: mainBodies });
	// At start first: deadlines that passed while the server was down close now.
	const sweep = () => {
		try {
			procedures.sweep();
		} catch (e) {
			console.error('[procedures] sweep failed; retrying at the next one', e);
		}
	};
	sweep();
	const sweepTimer = setInterval(sweep, config.sweepMs ?? 2_000).unref();
	return {
		config,
		db,
		store,
		boards,
		rooms,
		users,
		sessions,
		invites,
		accounts: new Accounts({ db, users, sessions, invites, rooms }),
		loginThrottle: new LoginThrottle(),
		history,
		restorer: new Restorer({ rooms, boards, history }),
		versions,
		reattribution: new Reattribution({ db, rooms, boards }),
		comments,
		notifications,
		meetings: new Meetings({ db, boards, rooms, versions, history, comments, suggestions }),
		periods,
		reporting: new Reporting({ boards, rooms, store, periods, bodyCodes: mainBodies }),
		bodyCodes: mainBodies,
		suggestions,
		procedures,
		stopSweep: () => clearInterval(sweepTimer),
		exports: new ExportRenderer(config.exportWorker),
		imports: new Imports({ db, boards, seedsDir: config.seedsDir })
	};
}

/** Closes sockets, flushes live documents into checkpoints and closes the database. */
export async function closeAppContext(ctx: AppContext): Promise<void> {
	ctx.stopSweep();
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
