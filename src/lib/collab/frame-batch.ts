/**
 * Sends the mux frames queued within one task as one message on the real
 * socket: alone when there is one, as a BUNDLE when there are several
 * (`./mux-frame.ts`). Opening a board sends two frames per document each way;
 * one message each cost more in framing and system calls than the frames.
 * Shared by the browser's hub and the server's connection.
 *
 *     const batch = new FrameBatch((message) => socket.send(message));
 *     batch.push(encodeFrame('plan', syncStep1));   // sent at the end of this task
 *     batch.flush();                                 // or now, e.g. before closing
 *
 * The server gives `setImmediate` as `schedule`, so what the board's batch
 * sends in one event-loop turn (relayed updates, answers held until a commit)
 * leaves together in the next; what it answers at once while reading a
 * client's message (an open's greetings and sync steps 2) it flushes itself
 * when it has read that message (`server/collab/connection.ts`).
 */
import { encodeBundle, MAX_BUNDLE_FRAMES } from './mux-frame';

/**
 * A bundle is flushed before it would grow past this: well under the
 * server's 2 MiB message bound, and above what opening the APA board sends
 * (about 80 KB), so an open is one message.
 */
export const MAX_BUNDLE_BYTES = 512 * 1024;
/**
 * Frames bigger than this go alone, uncopied (after what was queued before
 * them): bundling saves the framing and system calls of small messages, and a
 * big frame would only be copied (the 10× board's documents are hundreds of KB).
 */
export const MAX_BUNDLED_FRAME_BYTES = 64 * 1024;

export class FrameBatch {
	readonly #send: (message: Uint8Array) => void;
	#frames: Uint8Array[] = [];
	#bytes = 0;
	#scheduled = false;
	readonly #schedule: (run: () => void) => void;

	/** `schedule` runs the flush at the end of the task (default: a microtask). */
	// Called as a plain function: browsers throw "Illegal invocation" for `queueMicrotask` called on another `this`.
	constructor(send: (message: Uint8Array) => void, schedule: (run: () => void) => void = (run) => queueMicrotask(run)) {
		this.#send = send;
		this.#schedule = schedule;
	}

	/** Queues a frame; it is sent, in order, by the next flush (at the latest at the end of this task). */
	push(frame: Uint8Array): void {
		if (frame.length > MAX_BUNDLED_FRAME_BYTES) {
			this.flush();
			this.#send(frame);
			return;
		}
		if (this.#frames.length === MAX_BUNDLE_FRAMES || this.#bytes + frame.length > MAX_BUNDLE_BYTES) this.flush();
		this.#frames.push(frame);
		this.#bytes += frame.length;
		if (this.#scheduled) return;
		this.#scheduled = true;
		const schedule = this.#schedule;
		schedule(() => {
			this.#scheduled = false;
			this.flush();
		});
	}

	/** Sends what is queued now. */
	flush(): void {
		const frames = this.#frames;
		if (frames.length === 0) return;
		this.#frames = [];
		this.#bytes = 0;
		this.#send(frames.length === 1 ? frames[0] : encodeBundle(frames));
	}

	/** Forgets what is queued (the socket is gone). */
	drop(): void {
		this.#frames = [];
		this.#bytes = 0;
	}
}
