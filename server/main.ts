import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../src/lib/server/config';
import { DEMO_PASSWORD } from '../src/lib/server/bootstrap';
import { PROTOCOL_HEADER, startServer } from './app-server';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
	const config = configFromEnv(process.env, root);
	// adapter-node's handler reads ORIGIN and PROTOCOL_HEADER from the environment at import.
	if (!config.origin) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
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
