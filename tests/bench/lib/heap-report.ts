// Preloaded into a benchmarked server process (`node --expose-gc --import
// tests/bench/lib/heap-report.ts …`): on SIGUSR2 it collects garbage and
// prints `HEAP <json>`, so the memory benchmark can tell retained memory
// from heap the process merely has not returned to the system.
process.on('SIGUSR2', () => {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
	const m = process.memoryUsage();
	console.log(
		`HEAP ${JSON.stringify({ gc: !!gc, rssKiB: m.rss / 1024, heapUsedKiB: m.heapUsed / 1024, heapTotalKiB: m.heapTotal / 1024, externalKiB: m.external / 1024 })}`
	);
});
