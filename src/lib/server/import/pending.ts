import type { ImportPlan } from './plan';

const TTL_MS = 30 * 60_000;
const MAX_PENDING = 50;

/**
 * Previewed imports waiting for confirmation, in memory: nothing is written
 * to the database before the secretariat confirms. A preview belongs to the
 * person who made it and expires after half an hour (or a restart).
 */
export class PendingImports {
	#items = new Map<string, { plan: ImportPlan; userId: number; expires: number }>();

	put(plan: ImportPlan, userId: number, now = Date.now()): string {
		for (const [token, item] of this.#items) if (item.expires <= now) this.#items.delete(token);
		// The oldest preview makes room: a bound on memory, not on people.
		while (this.#items.size >= MAX_PENDING) this.#items.delete(this.#items.keys().next().value!);
		const token = crypto.randomUUID();
		this.#items.set(token, { plan, userId, expires: now + TTL_MS });
		return token;
	}

	get(token: string, userId: number, now = Date.now()): ImportPlan | undefined {
		const item = this.#items.get(token);
		if (!item || item.userId !== userId || item.expires <= now) return undefined;
		return item.plan;
	}

	delete(token: string): void {
		this.#items.delete(token);
	}
}
