import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * Runs a full garbage collection, if the runtime lets us. Called once boards
 * have been unloaded: a server that has gone quiet allocates nothing, so V8
 * would otherwise keep the unloaded documents (and the garbage of every
 * connection that came and went) until the next busy moment. Costs a pause
 * of some milliseconds at a moment when little is happening.
 */
export function collectGarbage(): boolean {
	if (gc === undefined) {
		try {
			// A fresh context created after the flag is set gets V8's `gc` function.
			setFlagsFromString('--expose-gc');
			gc = runInNewContext('gc') as () => void;
		} catch {
			gc = null;
		}
	}
	// Twice: the first pass runs finalizers (ws and Yjs buffers), whose memory the second frees.
	gc?.();
	gc?.();
	return Boolean(gc);
}
