import { existsSync } from 'node:fs';

/** Where Debian and Ubuntu put their Chromium. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set, else the
 * system one. Playwright's own download is not used (machines here have no
 * internet), so say plainly what to install when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
	if (env.CHROMIUM_PATH) {
		if (!existsSync(env.CHROMIUM_PATH)) {
			throw new Error(`CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, but there is no file there.`);
		}
		return env.CHROMIUM_PATH;
	}
	const found = SYSTEM_CHROMIUM.find((p) => existsSync(p));
	if (!found) {
		throw new Error(
			'No Chromium found for the browser tests. Install it with `sudo apt-get install -y chromium` ' +
				'(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.'
		);
	}
	return found;
}

/** Flags for a headless system Chromium in a sandboxed, offline machine. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];
