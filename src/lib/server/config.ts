import { join, resolve } from 'node:path';
import type { CollabOptions } from './collab/options';

export interface AppConfig {
	/** Folder holding the SQLite database (env DATA_DIR, default ./data). */
	dataDir: string;
	/** Database file, or ':memory:' in tests. */
	dbPath: string;
	/** Folder with the seed JSON files. */
	seedsDir: string;
	/** Whether to create demo accounts when seeding a fresh database. */
	demo: boolean;
	port: number;
	host: string;
	/** Public origin (env ORIGIN), used for WebSocket Origin checks behind proxies. */
	origin: string | undefined;
	/** Script of the export worker thread; unset, exports render in the request's thread (tests, CLI). */
	exportWorker?: string;
	/** Collaboration limits and timings (tests shorten them); unset ones take the defaults. */
	collab?: Partial<CollabOptions>;
	/** How often the server closes procedures whose deadline passed (ms; default 2 s). */
	sweepMs?: number;
	/** The clock of deadlines (tests move it); default `Date.now`. */
	now?: () => number;
}

/** Reads the configuration from environment variables, with the embedded defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv, projectRoot: string): AppConfig {
	const dataDir = resolve(projectRoot, env.DATA_DIR ?? 'data');
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a port number, got "${env.PORT}"`);
	}
	return {
		dataDir,
		dbPath: join(dataDir, 'planning-board.sqlite'),
		seedsDir: join(projectRoot, 'seeds'),
		demo: env.DEMO !== '0',
		port,
		host: env.HOST ?? '0.0.0.0',
		origin: env.ORIGIN || undefined,
		exportWorker: join(projectRoot, 'server', 'export-worker.js')
	};
}
