import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import {
	MAX_DOC_NAME_BYTES,
	MuxFrameError,
	decodeControl,
	decodeFrame,
	decodeMessage,
	docUrl,
	encodeBundle,
	encodeClose,
	encodeFrame,
	MAX_BUNDLE_FRAMES,
	splitDocUrl
} from '$lib/collab/mux-frame';
import { FrameBatch, MAX_BUNDLE_BYTES, MAX_BUNDLED_FRAME_BYTES } from '$lib/collab/frame-batch';

const bytes = (...values: number[]) => new Uint8Array(values);

/** Hand-written lib0 encoding, so the codec is checked against the format, not against itself. */
function handFrame(docName: string, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, docName);
	encoding.writeUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

describe('encodeFrame / decodeFrame', () => {
	it('puts varString(docName) before the untouched payload', () => {
		const frame = encodeFrame('plan', bytes(0, 0, 1, 0));
		expect([...frame]).toEqual([4, ...new TextEncoder().encode('plan'), 0, 0, 1, 0]);
	});

	it('round-trips names with punctuation and non-ASCII, and large payloads', () => {
		const big = new Uint8Array(300_000).map((_, i) => i % 251);
		for (const [docName, payload] of [
			['body:SOM-MLAT', bytes(1, 2, 3)],
			['plan', big],
			['body:ÀÉ—中', bytes(0)]
		] as const) {
			const decoded = decodeFrame(encodeFrame(docName, payload));
			expect(decoded.docName).toBe(docName);
			expect([...decoded.payload]).toEqual([...payload]);
		}
	});

	it('decodes frames written by plain lib0 encoding', () => {
		expect(decodeFrame(handFrame('body:SOMTC', bytes(2, 7)))).toEqual({ docName: 'body:SOMTC', payload: bytes(2, 7) });
	});

	it('costs 1 + length(docName) bytes per frame', () => {
		const payload = bytes(0, 1, 2);
		expect(encodeFrame('plan', payload).length - payload.length).toBe(5);
		expect(encodeFrame('body:SOMTC', payload).length - payload.length).toBe(11);
		expect(encodeFrame('body:SOM-MLAT', payload).length - payload.length).toBe(14);
	});

	it('accepts a docName of exactly the bound and refuses one byte more, both ways', () => {
		const atBound = 'x'.repeat(MAX_DOC_NAME_BYTES);
		expect(decodeFrame(encodeFrame(atBound, bytes(0))).docName).toBe(atBound);
		const over = 'x'.repeat(MAX_DOC_NAME_BYTES + 1);
		expect(() => encodeFrame(over, bytes(0))).toThrow(MuxFrameError);
		expect(() => decodeFrame(handFrame(over, bytes(0)))).toThrow(/more than 128/);
		// Multi-byte characters count in bytes: 43 × 3 bytes = 129.
		expect(() => encodeFrame('中'.repeat(43), bytes(0))).toThrow(MuxFrameError);
	});

	it('refuses a hostile name length without reading it', () => {
		// varUint 2^31: far beyond the frame, but the bound check comes first.
		expect(() => decodeFrame(bytes(0x80, 0x80, 0x80, 0x80, 0x08, 1))).toThrow(/more than 128/);
	});

	it('throws MuxFrameError on truncated and garbage frames', () => {
		const frame = encodeFrame('body:SOMTC', bytes(0, 1));
		for (const garbage of [
			bytes(),
			frame.subarray(0, 5), // cut inside the name
			frame.subarray(0, 11), // name only, no payload
			bytes(0x80), // unterminated varUint
			bytes(2, 0xff, 0xfe, 0) // invalid UTF-8 name
		]) {
			expect(() => decodeFrame(garbage), `frame ${[...garbage]}`).toThrow(MuxFrameError);
		}
	});

	it('refuses an empty docName or payload when encoding', () => {
		expect(() => encodeFrame('', bytes(0))).toThrow(MuxFrameError);
		expect(() => encodeFrame('plan', bytes())).toThrow(MuxFrameError);
	});

	it('returns a view of the frame, not a copy', () => {
		const frame = encodeFrame('plan', bytes(9, 9));
		const { payload } = decodeFrame(frame);
		expect(payload.buffer).toBe(frame.buffer);
	});
});

describe('encodeClose / decodeControl', () => {
	it('encodes CLOSE as a control frame (empty docName, op 0)', () => {
		const frame = encodeClose('body:SOMTC', 4403, 'you may not write this document');
		expect(frame[0]).toBe(0);
		const { docName, payload } = decodeFrame(frame);
		expect(docName).toBe('');
		expect(decodeControl(payload)).toEqual({
			op: 'close',
			docName: 'body:SOMTC',
			code: 4403,
			reason: 'you may not write this document'
		});
	});

	it('round-trips the codes and reasons both sides send', () => {
		for (const [code, reason] of [
			[1000, ''],
			[4401, 'session ended'],
			[4500, 'é'.repeat(61)]
		] as const) {
			expect(decodeControl(decodeFrame(encodeClose('plan', code, reason)).payload)).toMatchObject({ code, reason });
		}
	});

	it('throws on unknown ops, trailing bytes and truncation', () => {
		const payload = decodeFrame(encodeClose('plan', 1000, 'bye')).payload;
		expect(() => decodeControl(bytes(1, 4, 112, 108, 97, 110, 0, 0))).toThrow(/unknown control op 1/);
		expect(() => decodeControl(new Uint8Array([...payload, 0]))).toThrow(/trailing bytes/);
		for (let cut = 0; cut < payload.length; cut++) {
			expect(() => decodeControl(payload.subarray(0, cut)), `cut at ${cut}`).toThrow(MuxFrameError);
		}
	});

	it('bounds the docName and the reason (123 bytes, as a WebSocket close frame)', () => {
		expect(() => encodeClose('', 1000)).toThrow(MuxFrameError);
		expect(() => encodeClose('plan', 1000, 'r'.repeat(124))).toThrow(MuxFrameError);
		expect(() => encodeClose('plan', 70_000)).toThrow(MuxFrameError);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarString(encoder, 'plan');
		encoding.writeVarUint(encoder, 1000);
		encoding.writeVarString(encoder, 'r'.repeat(124));
		expect(() => decodeControl(encoding.toUint8Array(encoder))).toThrow(/reason is 124 bytes/);
	});
});

describe('encodeBundle / decodeMessage', () => {
	it('writes an empty docName, op 1, the count and each frame with its length', () => {
		const a = encodeFrame('plan', bytes(0, 0, 0));
		const b = encodeClose('body:SOMTC', 1000);
		expect([...encodeBundle([a, b])]).toEqual([0, 1, 2, a.length, ...a, b.length, ...b]);
	});

	it('writes the bytes lib0 writes, at every varint length of the count and of a frame', () => {
		const handBundle = (frames: Uint8Array[]) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarString(encoder, '');
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarUint(encoder, frames.length);
			for (const frame of frames) encoding.writeVarUint8Array(encoder, frame);
			return encoding.toUint8Array(encoder);
		};
		// Byte arrays of megabytes: compared as Buffers (toEqual walks them element by element).
		const same = (a: Uint8Array, b: Uint8Array) => expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		for (const size of [1, 126, 127, 128, 16_383, 16_384, 2_097_152]) {
			const docName = 'x'.repeat((size % MAX_DOC_NAME_BYTES) + 1);
			const payload = new Uint8Array(size).fill(7);
			const frame = encodeFrame(docName, payload);
			same(frame, handFrame(docName, payload));
			same(encodeBundle([frame, frame]), handBundle([frame, frame]));
		}
		for (const count of [127, 128, 1000]) {
			const frames = Array.from({ length: count }, (_, i) => encodeFrame('plan', bytes(i % 256)));
			same(encodeBundle(frames), handBundle(frames));
		}
	});

	it('reads a frame alone as itself and a bundle as its frames, in order', () => {
		const a = encodeFrame('plan', bytes(0, 0, 1));
		const b = encodeFrame('body:SOMTC', bytes(1, 2));
		expect(decodeMessage(a)).toEqual([{ docName: 'plan', payload: bytes(0, 0, 1) }]);
		const [first, second, close] = decodeMessage(encodeBundle([a, b, encodeClose('plan', 4403, 'no')]));
		expect([first, second]).toEqual([
			{ docName: 'plan', payload: bytes(0, 0, 1) },
			{ docName: 'body:SOMTC', payload: bytes(1, 2) }
		]);
		expect(decodeControl(close.payload)).toEqual({ op: 'close', docName: 'plan', code: 4403, reason: 'no' });
	});

	it('refuses nested bundles, bad counts, trailing bytes, truncation and bad inner frames', () => {
		const inner = encodeBundle([encodeFrame('plan', bytes(3))]);
		expect(() => encodeBundle([inner])).toThrow(/inside a bundle/);
		expect(() => decodeMessage(new Uint8Array([0, 1, 1, inner.length, ...inner]))).toThrow(/inside a bundle/);
		expect(() => decodeMessage(new Uint8Array([...inner, 0]))).toThrow(/trailing bytes/);
		expect(() => decodeMessage(new Uint8Array([0, 1, 0x81, 0x08]))).toThrow(/more than 1024/);
		expect(() => encodeBundle(Array.from({ length: MAX_BUNDLE_FRAMES + 1 }, () => encodeFrame('plan', bytes(3))))).toThrow(MuxFrameError);
		for (let cut = 3; cut < inner.length; cut++) expect(() => decodeMessage(inner.subarray(0, cut)), `cut at ${cut}`).toThrow(MuxFrameError);
		expect(() => decodeMessage(encodeBundle([bytes(0xff, 0xff)]))).toThrow(MuxFrameError);
	});
});

describe('FrameBatch', () => {
	const sink = () => {
		const sent: Uint8Array[] = [];
		return { sent, batch: new FrameBatch((m) => sent.push(m)) };
	};

	it('sends one task\'s frames as one bundle at its end, and a lone frame as itself', async () => {
		const { sent, batch } = sink();
		const a = encodeFrame('plan', bytes(0, 0));
		batch.push(a);
		batch.push(encodeFrame('body:SOMTC', bytes(0, 0)));
		expect(sent).toEqual([]);
		await Promise.resolve();
		expect(sent).toHaveLength(1);
		expect(decodeMessage(sent[0]).map((f) => f.docName)).toEqual(['plan', 'body:SOMTC']);
		batch.push(a);
		await Promise.resolve();
		expect(sent[1]).toBe(a);
	});

	it('calls the scheduler as a plain function: browsers throw "Illegal invocation" for queueMicrotask on another this', async () => {
		const real = globalThis.queueMicrotask;
		globalThis.queueMicrotask = function (this: unknown, run: () => void) {
			if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
			real(run);
		};
		try {
			const { sent, batch } = sink();
			batch.push(encodeFrame('plan', bytes(0, 0)));
			await Promise.resolve();
			expect(sent).toHaveLength(1);
		} finally {
			globalThis.queueMicrotask = real;
		}
	});

	it('flushes before a bundle would pass its byte bound, sends a big frame alone and at once, and drops on demand', async () => {
		const { sent, batch } = sink();
		// A frame of exactly the bound is still bundled ('plan' takes 5 bytes of head).
		const largest = encodeFrame('plan', new Uint8Array(MAX_BUNDLED_FRAME_BYTES - 5));
		expect(largest.length).toBe(MAX_BUNDLED_FRAME_BYTES);
		const fit = MAX_BUNDLE_BYTES / MAX_BUNDLED_FRAME_BYTES;
		for (let i = 0; i <= fit; i++) batch.push(largest);
		// Megabytes of frames: compared by identity and length, not element by element.
		expect(sent).toHaveLength(1);
		expect(sent[0].length).toBe(encodeBundle(Array(fit).fill(largest)).length);
		const big = encodeFrame('plan', new Uint8Array(MAX_BUNDLED_FRAME_BYTES));
		batch.push(big);
		// What was queued goes first, then the big frame itself, uncopied, without waiting for the end of the task.
		expect(sent.slice(1)).toHaveLength(2);
		expect(sent[1]).toBe(largest);
		expect(sent[2]).toBe(big);
		batch.push(largest);
		batch.drop();
		await Promise.resolve();
		expect(sent).toHaveLength(3);
	});
});

describe('docUrl / splitDocUrl', () => {
	it('appends the URL-encoded docName the way the provider builds its URL', () => {
		expect(docUrl('wss://board.example/yjs/b1', 'body:SOM-ED')).toBe('wss://board.example/yjs/b1/body%3ASOM-ED');
		expect(docUrl('wss://board.example/yjs/b1/', 'plan')).toBe('wss://board.example/yjs/b1/plan');
	});

	it('keeps the query string with the base', () => {
		const url = docUrl('ws://127.0.0.1:9/yjs/b1?v=2&x=a%2Fb', 'body:SOMTC');
		expect(url).toBe('ws://127.0.0.1:9/yjs/b1/body%3ASOMTC?v=2&x=a%2Fb');
		expect(splitDocUrl(url)).toEqual({ base: 'ws://127.0.0.1:9/yjs/b1?v=2&x=a%2Fb', docName: 'body:SOMTC' });
	});

	it('round-trips names with slashes, spaces and non-ASCII', () => {
		for (const docName of ['plan', 'body:SOM-ED', 'a/b c', 'body:中']) {
			expect(splitDocUrl(docUrl('ws://h/yjs/b1', docName))).toEqual({ base: 'ws://h/yjs/b1', docName });
		}
	});

	it('throws when there is no document segment or it does not decode', () => {
		for (const url of ['ws://h', 'ws://h/yjs/b1/', 'ws://h/yjs/b1/?x=1', 'plan', 'ws://h/%E0%A4%A']) {
			expect(() => splitDocUrl(url), url).toThrow(MuxFrameError);
		}
	});
});
