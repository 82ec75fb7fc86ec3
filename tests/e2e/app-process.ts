import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A second copy of the app in its own process, for browser tests that need
 * the server to go away and come back (the shared webServer must stay up).
 * Uses the build the shared webServer made; `dataDir` survives restarts.
 */
export class AppProcess {
	#child: ChildProcess | undefined;
	readonly url: string;

	constructor(
		readonly port: number,
		readonly dataDir: string
	) {
		this.url = `http://127.0.0.1:${port}`;
	}

	async start(): Promise<void> {
		const child = spawn(process.execPath, ['tests/helpers/e2e-server.js'], {
			env: { ...process.env, E2E_DATA_DIR: this.dataDir, PORT: String(this.port), HOST: '127.0.0.1', ORIGIN: this.url },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		let output = '';
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}:\n${output}`);
			try {
				if ((await fetch(`${this.url}/healthz`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`The app did not answer on ${this.url} within 60 s:\n${output}`);
	}

	/** Ends the process at once, as a crash or a pulled cable would. */
	async kill(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGKILL');
		await once(child, 'exit');
	}
}
