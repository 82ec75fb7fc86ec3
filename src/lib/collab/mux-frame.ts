/**
 * Wire format of the multiplexed collaboration socket: every Yjs document of
 * a board (`plan`, `body:<CODE>`…) travels over ONE real WebSocket, because
 * Chromium allows only 32 WebSockets per proxy (and ~255 per profile) and a
 * board has ~11 documents. Shared by the browser and the server, so it uses
 * no Node or DOM API beyond `TextEncoder`/`TextDecoder`.
 *
 * Frame (one binary WebSocket message on the real socket):
 *
 *     varString(docName) · payload
 *
 * - docName non-empty (at most {@link MAX_DOC_NAME_BYTES} bytes of UTF-8):
 *   the payload is exactly one y-websocket message for that document (sync,
 *   awareness, query-awareness, auth), untouched. A channel opens implicitly
 *   with its first frame; the y-websocket provider always sends sync step 1
 *   first, so the server can treat the first frame as the start of a fresh
 *   connection to that document.
 * - docName empty: a control message, `varUint op` then its fields.
 *   op 0 = CLOSE: `varString docName · varUint code · varString reason`.
 *     server → client: the server closed that document's channel with that
 *       code (e.g. 4403 "you may not write this document"); the client closes
 *       only that virtual socket, so 4400–4499 stop only that provider.
 *     client → server: the client's provider for that document disconnected
 *       (code 1000). Frames for that docName that follow open a NEW channel.
 *     Either side ignores a CLOSE for a channel it does not have (frames and
 *     CLOSEs cross on the wire).
 *   op 1 = BUNDLE: `varUint count · count × varUint8Array(frame)`: several
 *     frames (document frames and CLOSEs, never another BUNDLE) in one
 *     message, read in order as if each had come alone. Opening a board is
 *     two frames per document each way; sent one message each, their framing
 *     and system calls cost more than the messages themselves. Each side
 *     bundles what it sends within one task (`./frame-batch.ts`); the server
 *     counts every frame of a bundle against the sender's rate limit.
 *
 * Varints and strings are lib0's (`lib0/encoding`), as in y-websocket itself.
 * Overhead per document frame: 1 + length(docName) bytes (5 for `plan`,
 * 11 for `body:SOMTC`).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Longest document name a frame may carry, in bytes of UTF-8. */
export const MAX_DOC_NAME_BYTES = 128;
/** Longest CLOSE reason, in bytes of UTF-8: the limit of a real WebSocket close frame (RFC 6455). */
export const MAX_CLOSE_REASON_BYTES = 123;
/** Control op codes (the varUint after an empty docName). */
export const CONTROL_OP = { close: 0, bundle: 1 } as const;
/** Most frames one BUNDLE may carry. */
export const MAX_BUNDLE_FRAMES = 1024;

/** A frame that is truncated, malformed, or out of bounds. The one error this module throws. */
export class MuxFrameError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MuxFrameError';
	}
}

/** A document frame split into the document's name and its y-websocket message (a control frame has docName ''). */
export interface MuxFrame {
	docName: string;
	payload: Uint8Array;
}

/** A decoded control message. */
export interface MuxControl {
	op: 'close';
	docName: string;
	code: number;
	reason: string;
}

const utf8Encoder = new TextEncoder();
// `fatal`: a name that is not valid UTF-8 is garbage, not a name with U+FFFD in it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Document names already encoded: a board has a dozen, and every frame carries one. */
const nameBytes = new Map<string, Uint8Array>();
const MAX_CACHED_NAMES = 1024;

/** `docName` as checked UTF-8 bytes, encoded once per name (the cache is emptied when full). */
function docNameBytes(docName: string): Uint8Array {
	let bytes = nameBytes.get(docName);
	if (bytes === undefined) {
		bytes = checkedBytes(docName, MAX_DOC_NAME_BYTES, 'docName');
		if (nameBytes.size === MAX_CACHED_NAMES) nameBytes.clear();
		nameBytes.set(docName, bytes);
	}
	return bytes;
}

function checkedBytes(text: string, max: number, what: string): Uint8Array {
	const bytes = utf8Encoder.encode(text);
	if (bytes.length > max) throw new MuxFrameError(`${what} is ${bytes.length} bytes, more than ${max}`);
	return bytes;
}

/** Reads a varString whose length is checked BEFORE its bytes are read, so a hostile length costs nothing. */
function readBoundedString(decoder: decoding.Decoder, max: number, what: string): string {
	const length = decoding.readVarUint(decoder);
	if (length > max) throw new MuxFrameError(`${what} is ${length} bytes, more than ${max}`);
	return utf8Decoder.decode(decoding.readUint8Array(decoder, length));
}

/** Runs a lib0 read, turning its errors (end of array, bad UTF-8, integer range) into MuxFrameError. */
function decodeWith<T>(bytes: Uint8Array, what: string, read: (decoder: decoding.Decoder) => T): T {
	try {
		return read(decoding.createDecoder(bytes));
	} catch (e) {
		if (e instanceof MuxFrameError) throw e;
		throw new MuxFrameError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
	}
}

function writeFrameHead(encoder: encoding.Encoder, docName: string): void {
	const name = checkedBytes(docName, MAX_DOC_NAME_BYTES, 'docName');
	encoding.writeVarUint8Array(encoder, name);
}

/** Bytes lib0's `writeVarUint` takes for `n` (7 bits per byte). */
function varUintLength(n: number): number {
	let length = 1;
	while (n > 0x7f) {
		n = Math.floor(n / 0x80);
		length++;
	}
	return length;
}

/** Writes `n` as lib0's varUint at `at`; returns the offset after it. */
function putVarUint(target: Uint8Array, at: number, n: number): number {
	while (n > 0x7f) {
		target[at++] = 0x80 | (n & 0x7f);
		n = Math.floor(n / 0x80);
	}
	target[at++] = n;
	return at;
}

/**
 * A frame carrying one y-websocket message of `docName`.
 * @throws MuxFrameError when docName is empty or longer than {@link MAX_DOC_NAME_BYTES}, or the payload is empty.
 */
export function encodeFrame(docName: string, payload: Uint8Array): Uint8Array {
	if (docName === '') throw new MuxFrameError('docName is empty (reserved for control messages)');
	if (payload.length === 0) throw new MuxFrameError('payload is empty');
	// Written once into a buffer of the exact size: a sync step 2 can be tens of KB, and lib0's
	// growing encoder would copy it twice.
	const name = docNameBytes(docName);
	const frame = new Uint8Array(varUintLength(name.length) + name.length + payload.length);
	const at = putVarUint(frame, 0, name.length);
	frame.set(name, at);
	frame.set(payload, at + name.length);
	return frame;
}

/**
 * Splits a frame into docName and payload. The payload is a view into `frame` (no copy).
 * docName '' means the payload is a control message for {@link decodeControl}.
 * @throws MuxFrameError on a truncated frame, invalid UTF-8, a docName over {@link MAX_DOC_NAME_BYTES}, or an empty payload.
 */
export function decodeFrame(frame: Uint8Array): MuxFrame {
	return decodeWith(frame, 'bad frame', (decoder) => {
		const docName = readBoundedString(decoder, MAX_DOC_NAME_BYTES, 'docName');
		const payload = decoding.readTailAsUint8Array(decoder);
		// Every y-websocket message starts with its type and every control with its op.
		if (payload.length === 0) throw new MuxFrameError('frame has no payload');
		return { docName, payload };
	});
}

/**
 * A CLOSE control frame: the channel of `docName` is closed with `code` and `reason`.
 * @throws MuxFrameError when docName is empty or too long, or reason exceeds {@link MAX_CLOSE_REASON_BYTES}.
 */
export function encodeClose(docName: string, code: number, reason = ''): Uint8Array {
	if (docName === '') throw new MuxFrameError('CLOSE needs a docName');
	if (!Number.isInteger(code) || code < 0 || code > 0xffff) throw new MuxFrameError(`bad close code ${code}`);
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, '');
	encoding.writeVarUint(encoder, CONTROL_OP.close);
	writeFrameHead(encoder, docName);
	encoding.writeVarUint(encoder, code);
	encoding.writeVarUint8Array(encoder, checkedBytes(reason, MAX_CLOSE_REASON_BYTES, 'reason'));
	return encoding.toUint8Array(encoder);
}

/**
 * Decodes the payload of a control frame (docName '').
 * @throws MuxFrameError on an unknown op, a truncated message, bad bounds, or trailing bytes.
 */
export function decodeControl(payload: Uint8Array): MuxControl {
	return decodeWith(payload, 'bad control message', (decoder) => {
		const op = decoding.readVarUint(decoder);
		if (op !== CONTROL_OP.close) throw new MuxFrameError(`unknown control op ${op}`);
		const docName = readBoundedString(decoder, MAX_DOC_NAME_BYTES, 'docName');
		if (docName === '') throw new MuxFrameError('CLOSE without a docName');
		const code = decoding.readVarUint(decoder);
		if (code > 0xffff) throw new MuxFrameError(`bad close code ${code}`);
		const reason = readBoundedString(decoder, MAX_CLOSE_REASON_BYTES, 'reason');
		if (decoding.hasContent(decoder)) throw new MuxFrameError('trailing bytes after CLOSE');
		return { op: 'close', docName, code, reason };
	});
}

/**
 * A BUNDLE of `frames` (each a document frame or a CLOSE, as made by
 * {@link encodeFrame} and {@link encodeClose}).
 * @throws MuxFrameError when there are more than {@link MAX_BUNDLE_FRAMES} frames or one is a bundle.
 */
export function encodeBundle(frames: readonly Uint8Array[]): Uint8Array {
	if (frames.length > MAX_BUNDLE_FRAMES) throw new MuxFrameError(`a bundle of ${frames.length} frames, more than ${MAX_BUNDLE_FRAMES}`);
	// An empty docName (varString ''), the op, the count, then each frame as a varUint8Array: one exact-size buffer.
	let size = 2 + varUintLength(frames.length);
	for (const frame of frames) {
		if (isBundle(frame)) throw new MuxFrameError('a bundle inside a bundle');
		size += varUintLength(frame.length) + frame.length;
	}
	const bundle = new Uint8Array(size);
	bundle[0] = 0;
	bundle[1] = CONTROL_OP.bundle;
	let at = putVarUint(bundle, 2, frames.length);
	for (const frame of frames) {
		at = putVarUint(bundle, at, frame.length);
		bundle.set(frame, at);
		at += frame.length;
	}
	return bundle;
}

/** Whether an encoded frame is a BUNDLE (empty docName, op 1). */
function isBundle(frame: Uint8Array): boolean {
	return frame.length >= 2 && frame[0] === 0 && frame[1] === CONTROL_OP.bundle;
}

/**
 * The frames of one message on the real socket, in order: the frame itself,
 * or the frames of a BUNDLE. Payloads are views into `message` (no copy).
 * @throws MuxFrameError as {@link decodeFrame} does, and on a malformed bundle (a nested one, too many frames, trailing bytes).
 */
export function decodeMessage(message: Uint8Array): MuxFrame[] {
	if (!isBundle(message)) return [decodeFrame(message)];
	const frames = decodeWith(message, 'bad bundle', (decoder) => {
		decoding.readVarString(decoder);
		decoding.readVarUint(decoder);
		const count = decoding.readVarUint(decoder);
		if (count > MAX_BUNDLE_FRAMES) throw new MuxFrameError(`a bundle of ${count} frames, more than ${MAX_BUNDLE_FRAMES}`);
		const inner: Uint8Array[] = [];
		for (let i = 0; i < count; i++) inner.push(decoding.readVarUint8Array(decoder));
		if (decoding.hasContent(decoder)) throw new MuxFrameError('trailing bytes after a bundle');
		return inner;
	});
	return frames.map((frame) => {
		if (isBundle(frame)) throw new MuxFrameError('a bundle inside a bundle');
		return decodeFrame(frame);
	});
}

/** A URL split into the hub's base (with any query string) and the document's name. */
export interface DocUrl {
	base: string;
	docName: string;
}

/** `[path, '?query']` of a URL (the query '' when there is none). */
function splitQuery(url: string): [string, string] {
	const q = url.indexOf('?');
	return q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}

/**
 * The URL the y-websocket provider builds for `docName` (`serverUrl + '/' + roomname`,
 * query last): give the provider `encodeURIComponent(docName)` as its roomname.
 * `docUrl('wss://h/yjs/b1?x=1', 'body:SOM-ED')` is `'wss://h/yjs/b1/body%3ASOM-ED?x=1'`.
 */
export function docUrl(base: string, docName: string): string {
	const [path, query] = splitQuery(base);
	return `${path.replace(/\/+$/, '')}/${encodeURIComponent(docName)}${query}`;
}

/**
 * The inverse of {@link docUrl}: the last path segment (URL-decoded) is the docName,
 * the rest plus the query string is the base the real socket connects to.
 * @throws MuxFrameError when the URL has no non-empty last segment or it does not decode.
 */
export function splitDocUrl(url: string): DocUrl {
	const [path, query] = splitQuery(url);
	const slash = path.lastIndexOf('/');
	const segment = path.slice(slash + 1);
	// `ws://host` alone: the only slashes are the scheme's.
	if (slash === -1 || segment === '' || path[slash - 1] === '/') throw new MuxFrameError(`no document in URL ${url}`);
	let docName: string;
	try {
		docName = decodeURIComponent(segment);
	} catch {
		throw new MuxFrameError(`document name in URL ${url} does not decode`);
	}
	checkedBytes(docName, MAX_DOC_NAME_BYTES, 'docName');
	return { base: path.slice(0, slash) + query, docName };
}
