import * as Y from 'yjs';
import type { Writer } from './bench-clients';

interface Op {
	/** Clock of the writer's Yjs client once the edit is applied: a receiver has seen it when its state reaches this. */
	clock: number;
	issuedAt: number;
	/** Receivers that have not seen it yet. */
	missing: number;
	done?: () => void;
}

/**
 * Edit → seen-by-every-other-client latency, on one clock (every client is in
 * this process). An edit is identified by its writer's Yjs client id and the
 * clock it reaches; a receiver has seen it once a remote transaction takes
 * that client's state to at least that clock.
 */
export class LatencyTracker {
	readonly latencies: number[] = [];
	#writers: Writer[];
	#ops = new Map<number, Op[]>();
	/** Per receiver, per writer client id: index of the first op it has not seen. */
	#seen: Map<number, number>[];
	#detach: (() => void)[] = [];
	#pending = 0;

	constructor(writers: Writer[]) {
		this.#writers = writers;
		this.#seen = writers.map(() => new Map());
		for (const w of writers) this.#ops.set(w.doc.clientID, []);
		// A receiver sees an edit in whichever of its documents the writer typed into
		// (on our server, the writer's body's document; on the reference, the one document).
		writers.forEach((w, i) => {
			for (const { doc, provider } of w.synced) {
				const listener = (tr: Y.Transaction) => {
					if (tr.origin !== provider) return;
					const now = performance.now();
					tr.afterState.forEach((clock, client) => {
						if (tr.beforeState.get(client) !== clock) this.#advance(i, client, clock, now);
					});
				};
				doc.on('afterTransaction', listener);
				this.#detach.push(() => doc.off('afterTransaction', listener));
			}
		});
	}

	/** Edits that were made but not yet seen by everyone. */
	get pending(): number {
		return this.#pending;
	}

	/** Types one character at the end of the writer's entry; resolves when every other writer has it. */
	edit(writer: Writer, char: string): Promise<void> {
		return new Promise((done) => {
			const issuedAt = performance.now();
			writer.doc.transact(() => writer.text.insert(writer.text.length, char), { source: 'user' });
			const clock = Y.getState(writer.doc.store, writer.doc.clientID);
			this.#ops.get(writer.doc.clientID)!.push({ clock, issuedAt, missing: this.#writers.length - 1, done });
			this.#pending++;
		});
	}

	#advance(receiver: number, client: number, clock: number, now: number): void {
		const ops = this.#ops.get(client);
		if (!ops) return;
		const seen = this.#seen[receiver];
		let next = seen.get(client) ?? 0;
		while (next < ops.length && ops[next].clock <= clock) {
			const op = ops[next++];
			if (--op.missing === 0) {
				this.latencies.push(now - op.issuedAt);
				this.#pending--;
				op.done?.();
			}
		}
		seen.set(client, next);
	}

	detach(): void {
		for (const d of this.#detach) d();
	}
}
