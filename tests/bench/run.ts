// `npm run bench` runs every benchmark in sequence; `npm run bench -- latency memory`
// runs the named ones. Each prints its table and rewrites its section of docs/benchmarks.md.
// Each benchmark is imported only when it runs, so the process holds only its code: importing
// all of them (Playwright for the keystroke benchmark among them) gave the open benchmark's
// clients a heap of 69 MB instead of 39 MB.
const BENCHES: Record<string, () => Promise<unknown>> = {
	latency: async () => (await import('./latency')).runLatency(),
	'cold-load': async () => (await import('./cold-load')).runColdLoad(),
	scale: async () => (await import('./scale')).runScale(),
	memory: async () => (await import('./memory')).runMemory(),
	durability: async () => (await import('./durability')).runDurability(),
	open: async () => (await import('./open')).runOpen(),
	keystroke: async () => (await import('./keystroke')).runKeystroke()
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

// A module, for the top-level await above.
export {};
