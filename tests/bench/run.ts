// `npm run bench` runs every benchmark in sequence; `npm run bench -- latency memory`
// runs the named ones. Each prints its table and rewrites its section of docs/benchmarks.md.
// Each benchmark is imported only when it runs: the process then holds only its code (the
// keystroke benchmark alone loads Playwright), which weighs on the garbage collector of the
// clients the others time.
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
