/**
 * Polls `check` until it returns a truthy value (which is returned) or the
 * timeout passes. Tests wait for conditions, never for fixed times.
 */
export async function waitFor<T>(
	check: () => T | Promise<T>,
	{ timeout = 5_000, interval = 10, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {}
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeout;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value as NonNullable<T>;
		} catch (e) {
			lastError = e;
		}
		if (Date.now() > deadline) {
			throw new Error(`Timed out after ${timeout} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
		}
		await new Promise((resolve) => setTimeout(resolve, interval));
	}
}
