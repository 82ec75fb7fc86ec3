// The production app in its own process, as `npm start` runs it, for the browser benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../helpers/collab-server';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** `npm start` (server/start.js: builds first when the build is older than the sources) on `dataDir`. */
export async function startApp(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(ROOT, 'server/start.js')], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, DEMO: '0' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the app did not start within 10 minutes')), 600_000);
		createInterface({ input: child.stdout! }).on('line', (line) => {
			if (!line.startsWith('Planning Board listening')) return;
			clearTimeout(timer);
			resolve();
		});
		child.once('exit', (code) => reject(new Error(`the app exited with ${code} before listening`)));
	});
	return {
		child,
		url,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}
