/**
 * Failed-login limits per account and per client address, in memory (one
 * process). A window of failures locks further attempts until it slides past;
 * a success clears the account's count.
 */
export interface ThrottleLimits {
	windowMs: number;
	perAccount: number;
	perAddress: number;
}

const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 30 };

export class LoginThrottle {
	#limits: ThrottleLimits;
	#failures = new Map<string, number[]>();

	constructor(limits: Partial<ThrottleLimits> = {}) {
		this.#limits = { ...DEFAULT_LIMITS, ...limits };
	}

	#recent(key: string, now: number): number[] {
		const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#limits.windowMs);
		if (list.length) this.#failures.set(key, list);
		else this.#failures.delete(key);
		return list;
	}

	/** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
	retryAfter(account: string, address: string, now = Date.now()): number {
		const waits = [
			[`a:${account.toLowerCase()}`, this.#limits.perAccount],
			[`ip:${address}`, this.#limits.perAddress]
		].map(([key, limit]) => {
			const list = this.#recent(key as string, now);
			return list.length >= (limit as number) ? list[list.length - (limit as number)] + this.#limits.windowMs - now : 0;
		});
		return Math.max(0, ...waits);
	}

	fail(account: string, address: string, now = Date.now()): void {
		for (const key of [`a:${account.toLowerCase()}`, `ip:${address}`]) {
			this.#failures.set(key, [...this.#recent(key, now), now]);
		}
	}

	succeed(account: string): void {
		this.#failures.delete(`a:${account.toLowerCase()}`);
	}
}
