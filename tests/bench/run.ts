// `npm run bench` runs every benchmark in sequence; `npm run bench -- latency memory`
// runs the named ones. Each prints its table and rewrites its section of docs/benchmarks.md.
import { runColdLoad } from './cold-load';
import { runDurability } from './durability';
import { runKeystroke } from './keystroke';
import { runLatency } from './latency';
import { runMemory } from './memory';
import { runOpen } from './open';
import { runScale } from './scale';

const BENCHES: Record<string, () => Promise<unknown>> = {
	latency: () => runLatency(),
	'cold-load': () => runColdLoad(),
	scale: () => runScale(),
	memory: () => runMemory(),
	durability: () => runDurability(),
	open: () => runOpen(),
	keystroke: () => runKeystroke()
};

// Every y-websocket provider adds a process 'exit' listener; hundreds of clients are the point here.
process.setMaxListeners(0);

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
	console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`);
	process.exit(2);
}
for (const name of asked.length > 0 ? asked : Object.keys(BENCHES)) {
	const started = performance.now();
	await BENCHES[name]();
	console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
process.exit(0);
