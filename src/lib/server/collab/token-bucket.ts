/**
 * A token bucket: `burst` tokens, refilled at `perSecond`. One per connection,
 * so a flooding client is cut off without slowing anyone else.
 */
export class TokenBucket {
	#tokens: number;
	#last: number;
	readonly #burst: number;
	readonly #perMs: number;
	readonly #now: () => number;

	constructor(burst: number, perSecond: number, now: () => number = Date.now) {
		this.#burst = burst;
		this.#perMs = perSecond / 1000;
		this.#now = now;
		this.#tokens = burst;
		this.#last = now();
	}

	/** Takes one token; false when the bucket is empty. */
	take(): boolean {
		const now = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
