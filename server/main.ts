import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../src/lib/server/config';
import { DEMO_PASSWORD } from '../src/lib/server/bootstrap';
import { openDatabase } from '../src/lib/server/db';
import { PROTOCOL_HEADER, startServer } from './app-server';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
	const config = configFromEnv(process.env, root);
	// adapter-node's handler reads ORIGIN and PROTOCOL_HEADER from the environment at import.
	if (!config.origin) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	// Imports of large boards (a 10x APA board is ~2 MB of JSON) exceed adapter-node's 512 KB default.
	process.env.BODY_SIZE_LIMIT ??= '16M';
	// A foreign or damaged file at DATA_DIR fails here, with its path and what to do, before the app is loaded.
	openDatabase(config.dbPath).close();
	const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
	const running = await startServer(config, handler);

	console.log(`Planning Board listening on ${running.url}`);
	console.log(`Database: ${config.dbPath}`);
	if (running.demoAccounts.length > 0) {
		console.log(`\nDemo accounts (password: ${DEMO_PASSWORD}):`);
		for (const a of running.demoAccounts) {
			console.log(`  ${a.email.padEnd(26)} ${a.role}${a.body ? ` of ${a.body}` : ''}`);
		}
	}

	const stop = async (signal: string) => {
		console.log(`\n${signal}: closing connections, flushing boards, closing the database…`);
		const timer = setTimeout(() => process.exit(1), 10_000).unref();
		await running.close();
		clearTimeout(timer);
		process.exit(0);
	};
	process.once('SIGTERM', () => void stop('SIGTERM'));
	process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: Error) => {
	console.error(`Planning Board could not start: ${e.message}`);
	process.exit(1);
});
