import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../server/app-server';
import { Sessions } from '../../src/lib/server/identity/auth';
import type { CollabOptions } from '../../src/lib/server/collab/options';
import type { AppConfig } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { Users, type Role } from '../../src/lib/server/identity/users';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The board every fresh database is seeded with (src/lib/server/bootstrap.ts). */
export const APA_BOARD = 'apa-2016';

/** A fresh DATA_DIR under the OS temp folder. */
export function tempDataDir(): string {
	return mkdtempSync(join(tmpdir(), 'planning-board-collab-'));
}

export function removeDataDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

/** The SQLite file of a DATA_DIR (as `testConfig` names it). */
export function dbPathOf(dataDir: string): string {
	return join(dataDir, 'planning-board.sqlite');
}

/** Config of a test server: 127.0.0.1, seeds from the project, no demo accounts (scrypt is slow). */
export function testConfig(dataDir: string, port = 0, collab: Partial<CollabOptions> = {}): AppConfig {
	return {
		dataDir,
		dbPath: dbPathOf(dataDir),
		seedsDir: join(ROOT, 'seeds'),
		demo: false,
		port,
		host: '127.0.0.1',
		origin: undefined,
		collab
	};
}

export interface TestServer {
	running: RunningServer;
	port: number;
	/** Base URL for WebsocketProvider: `ws://127.0.0.1:<port>/yjs`. */
	wsUrl: string;
	close(): Promise<void>;
}

/** Starts the real server (no SvelteKit handler) in this process. */
export async function startTestServer(
	dataDir: string,
	{ port = 0, collab = {}, config = {} }: { port?: number; collab?: Partial<CollabOptions>; config?: Partial<AppConfig> } = {}
): Promise<TestServer> {
	const running = await startServer({ ...testConfig(dataDir, port, collab), ...config });
	const actual = Number(new URL(running.url).port);
	return { running, port: actual, wsUrl: `ws://127.0.0.1:${actual}/yjs`, close: () => running.close() };
}

export interface ServerProcess {
	child: ChildProcess;
	wsUrl: string;
	/** Resolves when the process has exited. */
	exited: Promise<void>;
}

/** Starts the server in a child process (tests/helpers/server-process.ts through tsx), so it can be killed. */
export async function spawnServerProcess(dataDir: string, collab: Partial<CollabOptions> = {}): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/helpers/server-process.ts')], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, COLLAB_OPTIONS: JSON.stringify(collab) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const lines = createInterface({ input: child.stdout! });
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the server process did not start in time')), 15_000);
		lines.on('line', (line) => {
			const match = /^LISTENING (\S+)/.exec(line);
			if (!match) return;
			clearTimeout(timer);
			resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`the server process exited with ${code} before listening`)));
	});
	return { child, wsUrl: `${url.replace(/^http/, 'ws')}/yjs`, exited };
}

/** Who a test user is: a role and, for delegates (and chairs), the body they speak for. */
export interface UserSpec {
	role: Role;
	body?: string | null;
	name?: string;
}

/** A user with a live session: `token` is the value of the `pb_session` cookie. */
export interface TestUser {
	id: number;
	role: Role;
	body: string | null;
	sessionId: string;
	token: string;
}

let userCount = 0;

/**
 * Creates a user and signs them in (a session row, as the login form would),
 * on the services of a running server (`running.ctx`) or any open database.
 */
export function signIn(ctx: { users: Users; sessions: Sessions }, { role, body = null, name }: UserSpec): TestUser {
	const n = ++userCount;
	const user = ctx.users.create({
		email: `test-${process.pid}-${n}-${role}@test.example`,
		name: name ?? `${role}${body ? ` ${body}` : ''} #${n}`,
		role,
		body,
		passwordHash: null
	});
	const { token, session } = ctx.sessions.create(user.id);
	return { id: user.id, role, body, sessionId: session.id, token };
}

/**
 * Signs users in through the DATA_DIR's SQLite file itself, for a server in
 * another process (WAL: that server sees the rows on its next session lookup).
 * Call it once the server has created and seeded the database.
 */
export function signInThroughFile(dataDir: string, specs: UserSpec[]): TestUser[] {
	const db = openDatabase(dbPathOf(dataDir));
	try {
		const ctx = { users: new Users(db), sessions: new Sessions(db) };
		return specs.map((spec) => signIn(ctx, spec));
	} finally {
		db.close();
	}
}
