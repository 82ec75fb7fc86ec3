// The crash-durability trial shared by tests/server/collab-durability.test.ts
// and tests/bench/durability.ts: writers type a burst, and the server process
// is killed (SIGKILL) the moment an observer has received `killAfter` updates.
import type { ChildProcess } from 'node:child_process';
import * as Y from 'yjs';
import { addEntry, appendText, entryText } from './board-edits';
import type { TestClient } from './collab-client';

export interface BurstOptions {
	writers: TestClient[];
	observer: TestClient;
	/** The server's process, killed mid-burst. */
	child: ChildProcess;
	exited: Promise<void>;
	/** Characters each writer types into its entry (after adding it: one update each). */
	keystrokes: number;
	killAfter: number;
}

export interface BurstResult {
	/** The observer's document state at the kill: exactly what must survive. Undefined if the kill never came. */
	seen: Uint8Array | undefined;
	/** Updates the observer had received then. */
	received: number;
}

/** Runs the burst, kills the server mid-way, and waits for the process to end. */
export async function killDuringBurst({ writers, observer, child, exited, keystrokes, killAfter }: BurstOptions): Promise<BurstResult> {
	// The server relays a batch of updates as one merged message, so count the updates by
	// what arrived: each writer's entry (one update) and each character typed into it (one each).
	const received = () =>
		writers.reduce((n, _w, i) => {
			const text = entryText(observer.docs, `burst-${i}`);
			return text === undefined ? n : n + 1 + text.length - `burst ${i}:`.length;
		}, 0);
	const result: BurstResult = { seen: undefined, received: 0 };
	const observed = observer.body('SOMTC');
	const provider = observer.providers.get('body:SOMTC');
	observed.on('update', (_update: Uint8Array, origin: unknown) => {
		if (origin !== provider || result.seen) return;
		result.received = received();
		if (result.received < killAfter) return;
		child.kill('SIGKILL');
		result.seen = Y.encodeStateAsUpdate(observed);
	});
	// Keystrokes in rounds a millisecond apart (people typing fast), so they reach the
	// server in many batches (it stores and relays each event-loop turn's updates together)
	// and the kill lands mid-burst.
	const ids = writers.map((w, i) => addEntry(w.docs, `burst ${i}:`, { id: `burst-${i}` }));
	for (let k = 0; k < keystrokes && !result.seen; k++) {
		writers.forEach((w, i) => appendText(w.docs, ids[i], String(k % 10)));
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
	await exited;
	return result;
}
