/**
 * A virtual WebSocket for y-websocket's `WebSocketPolyfill` that carries all
 * documents of a board over ONE real WebSocket (Chromium caps WebSockets at
 * 32 per proxy; a board has ~11 documents, each with its own provider). The
 * wire format is in `$lib/collab/mux-frame`.
 *
 *     const WS = muxWebSocket(WebSocket);
 *     new WebsocketProvider(base, encodeURIComponent('body:SOMTC'), doc, { WebSocketPolyfill: WS });
 *
 * Each provider keeps its own protocol state and reconnect logic: a server
 * CLOSE for one document closes only that virtual socket (so 4400–4499 stops
 * only that provider), while the real socket closing closes them all.
 */
import { FrameBatch } from '../collab/frame-batch';
import { MuxFrameError, decodeControl, decodeMessage, encodeClose, encodeFrame, splitDocUrl, type MuxControl, type MuxFrame } from '../collab/mux-frame';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** How long a real socket stays open without virtual sockets: a provider's reconnect (≥100 ms backoff) reuses it. */
const DEFAULT_IDLE_CLOSE_MS = 1_000;
/** Close code the virtual sockets report when the server sent a frame that does not decode (transient: providers reconnect). */
const PROTOCOL_ERROR = 1002;
/** Close code sent to the server on such a frame (the project's "malformed" code; browsers refuse 1002 in `close()`). */
const MALFORMED = 4400;

/** What the hub needs of a real socket: the browser's `WebSocket` and `ws`'s both fit. */
interface RealSocket {
	readonly readyState: number;
	readonly bufferedAmount: number;
	binaryType: string;
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
	onopen: ((event: never) => void) | null;
	onmessage: ((event: { data: unknown }) => void) | null;
	onclose: ((event: { code: number; reason: string }) => void) | null;
	onerror: ((event: never) => void) | null;
}
type RealSocketClass = new (url: string, protocols?: string | string[]) => RealSocket;

/** Options of {@link muxWebSocket}. */
export interface MuxOptions {
	/** Grace before an unused real socket is closed, in ms (default 1000). */
	idleCloseMs?: number;
}

/** The close event a virtual socket dispatches (the fields y-websocket reads of a `CloseEvent`). */
export interface MuxCloseEvent {
	type: 'close';
	code: number;
	reason: string;
	wasClean: boolean;
	target: MuxSocket;
}

const later = (run: () => void) => setTimeout(run, 0);

function toBytes(data: unknown): Uint8Array {
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	throw new MuxFrameError('not a binary frame');
}

/** The hubs of each real WebSocket class, by base URL. A hub lives as long as its one real socket. */
const hubsByClass = new WeakMap<RealSocketClass, Map<string, Hub>>();

/** One real socket and the virtual sockets (channels) on it, one per docName. */
class Hub {
	readonly #channels = new Map<string, MuxSocket>();
	readonly #real: RealSocket;
	readonly #registry: Map<string, Hub>;
	readonly #base: string;
	readonly #idleCloseMs: number;
	/** What the channels send within one task goes out as one message. */
	readonly #batch: FrameBatch;
	#idleTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(RealWS: RealSocketClass, base: string, protocols: string | string[] | undefined, registry: Map<string, Hub>, idleCloseMs: number) {
		this.#registry = registry;
		this.#base = base;
		this.#idleCloseMs = idleCloseMs;
		const real = new RealWS(base, protocols);
		real.binaryType = 'arraybuffer';
		real.onopen = () => {
			for (const channel of [...this.#channels.values()]) channel._open();
		};
		real.onmessage = (event) => this.#receive(event.data);
		real.onerror = ((event: unknown) => {
			for (const channel of [...this.#channels.values()]) channel._error(event);
		}) as (event: never) => void;
		real.onclose = (event) => {
			this.#retire();
			this.#closeAll(event.code, event.reason);
		};
		this.#real = real;
		this.#batch = new FrameBatch((message) => {
			if (real.readyState === OPEN) real.send(message);
		});
	}

	/** Whether new virtual sockets may join (the real socket is connecting or open). */
	get usable(): boolean {
		return this.#real.readyState === CONNECTING || this.#real.readyState === OPEN;
	}

	get bufferedAmount(): number {
		return this.#real.bufferedAmount;
	}

	/** Adds a channel, replacing (and closing first, so its CLOSE goes out before any new frame) one for the same docName. */
	attach(socket: MuxSocket): void {
		this.#channels.get(socket.docName)?.close(1000, 'replaced');
		clearTimeout(this.#idleTimer);
		this.#channels.set(socket.docName, socket);
		if (this.#real.readyState === OPEN) later(() => socket._open());
	}

	/** Removes a channel the client closed and tells the server. */
	detach(socket: MuxSocket, code: number, reason: string): void {
		if (this.#channels.get(socket.docName) !== socket) return;
		this.#remove(socket.docName);
		if (this.#real.readyState === OPEN) this.#batch.push(encodeClose(socket.docName, code, reason));
	}

	send(docName: string, payload: Uint8Array): void {
		this.#batch.push(encodeFrame(docName, payload));
	}

	/** Closes the real socket now if no channel uses it (instead of after the grace). */
	closeIfIdle(): void {
		if (this.#channels.size > 0 || !this.usable) return;
		this.#retire();
		// The CLOSEs of the channels just closed: the socket closing says as much.
		this.#batch.drop();
		this.#real.close(1000, 'idle');
	}

	#remove(docName: string): void {
		this.#channels.delete(docName);
		if (this.#channels.size > 0) return;
		clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			if (this.#channels.size > 0) return;
			this.#retire();
			this.#real.close(1000, 'idle');
		}, this.#idleCloseMs);
	}

	#receive(data: unknown): void {
		let frames: { frame: MuxFrame; control: MuxControl | null }[];
		try {
			frames = decodeMessage(toBytes(data)).map((frame) => ({ frame, control: frame.docName === '' ? decodeControl(frame.payload) : null }));
		} catch (e) {
			if (!(e instanceof MuxFrameError)) throw e;
			// Dropping a sync message would silently diverge the document; resyncing on a new socket cannot.
			this.#fail(e.message);
			return;
		}
		for (const { frame, control } of frames) {
			if (control !== null) {
				const channel = this.#channels.get(control.docName);
				if (channel === undefined) continue; // crossed with our own CLOSE
				this.#remove(control.docName);
				channel._closed(control.code, control.reason);
				continue;
			}
			// Frames for a channel we closed may still be in flight: dropped.
			this.#channels.get(frame.docName)?._message(frame.payload);
		}
	}

	#fail(reason: string): void {
		this.#retire();
		this.#batch.drop();
		this.#real.onopen = null;
		this.#real.onmessage = null;
		this.#real.onclose = null;
		this.#real.onerror = () => {};
		this.#real.close(MALFORMED, 'malformed mux frame');
		this.#closeAll(PROTOCOL_ERROR, reason);
	}

	#closeAll(code: number, reason: string): void {
		const channels = [...this.#channels.values()];
		this.#channels.clear();
		for (const channel of channels) channel._closed(code, reason);
	}

	/** No new virtual socket joins this hub any more: the next one opens a new real socket. */
	#retire(): void {
		clearTimeout(this.#idleTimer);
		if (this.#registry.get(this.#base) === this) this.#registry.delete(this.#base);
	}
}

/**
 * One document's channel, shaped like a WebSocket for y-websocket (`on*`
 * handlers only, no `addEventListener`). Messages always arrive as
 * `ArrayBuffer`, whatever `binaryType` says.
 */
export class MuxSocket {
	static readonly CONNECTING = CONNECTING;
	static readonly OPEN = OPEN;
	static readonly CLOSING = CLOSING;
	static readonly CLOSED = CLOSED;
	// The constants live on the prototype: a board opens eleven of these sockets at once.
	get CONNECTING(): number {
		return CONNECTING;
	}
	get OPEN(): number {
		return OPEN;
	}
	get CLOSING(): number {
		return CLOSING;
	}
	get CLOSED(): number {
		return CLOSED;
	}
	get protocol(): string {
		return '';
	}
	get extensions(): string {
		return '';
	}

	readonly url: string;
	/** The document this socket carries, from the last segment of `url`. */
	readonly docName: string;
	binaryType: string = 'blob';
	onopen: ((event: { type: 'open'; target: MuxSocket }) => void) | null = null;
	onmessage: ((event: { type: 'message'; data: ArrayBuffer; target: MuxSocket }) => void) | null = null;
	onclose: ((event: MuxCloseEvent) => void) | null = null;
	onerror: ((event: unknown) => void) | null = null;

	#readyState = CONNECTING;
	readonly #hub: Hub;

	/** @internal Use the class {@link muxWebSocket} returns. */
	constructor(url: string, protocols: string | string[] | undefined, RealWS: RealSocketClass, options: MuxOptions) {
		const { base, docName } = splitDocUrl(url);
		this.url = url;
		this.docName = docName;
		let registry = hubsByClass.get(RealWS);
		if (registry === undefined) hubsByClass.set(RealWS, (registry = new Map()));
		let hub = registry.get(base);
		if (hub === undefined || !hub.usable) {
			hub = new Hub(RealWS, base, protocols, registry, options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS);
			registry.set(base, hub);
		}
		this.#hub = hub;
		hub.attach(this);
	}

	get readyState(): number {
		return this.#readyState;
	}

	get bufferedAmount(): number {
		return this.#readyState === OPEN ? this.#hub.bufferedAmount : 0;
	}

	/** Sends one y-websocket message of this document. Throws while CONNECTING, ignored once closing (as WebSocket does). */
	send(data: ArrayBuffer | ArrayBufferView): void {
		if (this.#readyState === CONNECTING) throw new DOMException('MuxSocket is still CONNECTING', 'InvalidStateError');
		if (this.#readyState !== OPEN) return;
		this.#hub.send(this.docName, toBytes(data));
	}

	/** Closes this document's channel only (the server gets a CLOSE); `onclose` follows asynchronously. */
	close(code = 1000, reason = ''): void {
		if (this.#readyState >= CLOSING) return;
		this.#readyState = CLOSING;
		this.#hub.detach(this, code, reason);
		later(() => this._closed(code, reason));
	}

	/** @internal The real socket is open (or was when this channel joined). */
	_open(): void {
		if (this.#readyState !== CONNECTING) return;
		this.#readyState = OPEN;
		this.onopen?.({ type: 'open', target: this });
	}

	/** @internal A payload for this document; copied so the provider owns its buffer. */
	_message(payload: Uint8Array): void {
		if (this.#readyState !== OPEN) return;
		this.onmessage?.({ type: 'message', data: payload.slice().buffer, target: this });
	}

	/** @internal The channel ended: closed by us, by the server's CLOSE, or with the real socket. */
	_closed(code: number, reason: string): void {
		if (this.#readyState === CLOSED) return;
		this.#readyState = CLOSED;
		this.onclose?.({ type: 'close', code, reason, wasClean: code !== 1006, target: this });
	}

	/** @internal */
	_error(event: unknown): void {
		if (this.#readyState === OPEN || this.#readyState === CONNECTING) this.onerror?.(event);
	}
}

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill`: every instance with
 * the same base URL (its URL minus the last path segment, which names the
 * document) shares one real socket of `RealWebSocket` (the browser's
 * `WebSocket` or `ws`'s). Give each provider `encodeURIComponent(docName)` as
 * its roomname.
 */
export function muxWebSocket(RealWebSocket: typeof WebSocket, options: MuxOptions = {}): MuxWebSocketClass {
	const RealWS = RealWebSocket as unknown as RealSocketClass;
	class MuxWebSocket extends MuxSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(String(url), protocols, RealWS, options);
		}

		static closeIdle(): void {
			for (const hub of [...(hubsByClass.get(RealWS)?.values() ?? [])]) hub.closeIfIdle();
		}
	}
	return MuxWebSocket as unknown as MuxWebSocketClass;
}

/**
 * What {@link muxWebSocket} returns: a `WebSocket` class for the providers,
 * and `closeIdle()`, which closes at once the real sockets no provider uses
 * any more (a board left for good), instead of after the grace kept for a
 * provider's reconnect.
 */
export type MuxWebSocketClass = typeof WebSocket & { closeIdle(): void };
