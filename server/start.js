// `npm start`: builds the app when the build is missing or older than the
// sources, then runs the server (TypeScript, through tsx) in this process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILD_MARK = join(root, 'build', 'handler.js');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
	return newest;
}

const built = existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0;
const sources = Math.max(...SOURCES.map((p) => newestMtime(join(root, p))));
if (built < sources) {
	console.log(built ? 'Sources changed since the last build: building…' : 'First start: building the app…');
	const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) {
		console.error('The build failed; see the messages above.');
		process.exit(result.status ?? 1);
	}
}

const { register } = await import('tsx/esm/api');
register();
// A variable specifier: the TypeScript entry is loaded by tsx, not type-checked as an import here.
const entry = './main.ts';
await import(entry);
