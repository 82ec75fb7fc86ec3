import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { muxWebSocket } from '$lib/client/mux-socket';
import { decodeControl, decodeMessage, encodeBundle, encodeClose, encodeFrame } from '$lib/collab/mux-frame';
import { WebSocket as NodeWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startMuxEchoServer, type MuxEchoServer } from '../helpers/mux-echo-server';
import { waitFor } from '../helpers/wait';

/** A scripted real socket: the test plays the server through `serverOpen`, `serverSend`, `serverClose`. */
function fakeSocketClass() {
	class FakeSocket {
		static instances: FakeSocket[] = [];
		readyState = 0;
		binaryType = 'blob';
		bufferedAmount = 0;
		sent: Uint8Array[] = [];
		closeCalls: { code?: number; reason?: string }[] = [];
		onopen: ((event: unknown) => void) | null = null;
		onmessage: ((event: { data: unknown }) => void) | null = null;
		onclose: ((event: { code: number; reason: string }) => void) | null = null;
		onerror: ((event: unknown) => void) | null = null;
		constructor(
			readonly url: string,
			readonly protocols?: string | string[]
		) {
			FakeSocket.instances.push(this);
		}
		send(data: Uint8Array) {
			if (this.readyState !== 1) throw new Error('fake socket not open');
			this.sent.push(new Uint8Array(data));
		}
		close(code?: number, reason?: string) {
			this.closeCalls.push({ code, reason });
			this.readyState = 2;
		}
		serverOpen() {
			this.readyState = 1;
			this.onopen?.({ type: 'open' });
		}
		serverSend(frame: Uint8Array) {
			this.onmessage?.({ data: frame.slice().buffer });
		}
		serverClose(code: number, reason = '') {
			this.readyState = 3;
			this.onclose?.({ code, reason });
		}
		/** What the client sent, decoded: `[docName, payload bytes]` or `['CLOSE', control]`. */
		frames() {
			return this.sent.flatMap((message) =>
				decodeMessage(message).map(({ docName, payload }) => (docName === '' ? ['CLOSE', decodeControl(payload)] : [docName, [...payload]]))
			);
		}
	}
	return FakeSocket;
}

type Fake = ReturnType<typeof fakeSocketClass>;
const BASE = 'wss://board.example/yjs/b1';

/** A virtual socket plus everything its handlers saw. */
function open(WS: typeof WebSocket, docName: string, base = BASE) {
	const socket = new WS(`${base}/${encodeURIComponent(docName)}`, []);
	const seen = { opens: 0, messages: [] as number[][], closes: [] as { code: number; reason: string }[], errors: 0 };
	socket.binaryType = 'arraybuffer';
	socket.onopen = () => seen.opens++;
	socket.onmessage = (event) => {
		expect(event.data).toBeInstanceOf(ArrayBuffer);
		seen.messages.push([...new Uint8Array(event.data as ArrayBuffer)]);
	};
	socket.onclose = (event) => seen.closes.push({ code: event.code, reason: event.reason });
	socket.onerror = () => seen.errors++;
	return { socket, seen };
}

const tick = () => vi.advanceTimersByTimeAsync(1);

describe('muxWebSocket', () => {
	let Fake: Fake;
	let WS: typeof WebSocket;
	beforeEach(() => {
		vi.useFakeTimers();
		Fake = fakeSocketClass();
		WS = muxWebSocket(Fake as unknown as typeof WebSocket);
	});
	afterEach(() => vi.useRealTimers());

	it('opens one real socket per base URL, on the base, in arraybuffer mode', () => {
		open(WS, 'plan');
		open(WS, 'body:SOMTC');
		open(WS, 'plan', 'wss://board.example/yjs/b2');
		expect(Fake.instances.map((s) => s.url)).toEqual([BASE, 'wss://board.example/yjs/b2']);
		expect(Fake.instances[0].binaryType).toBe('arraybuffer');
	});

	it('stays CONNECTING until the real socket opens, then opens every virtual socket', () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		expect(plan.socket.readyState).toBe(WS.CONNECTING);
		expect(() => plan.socket.send(new Uint8Array([0]))).toThrow(/CONNECTING/);
		Fake.instances[0].serverOpen();
		expect([plan.socket.readyState, body.socket.readyState]).toEqual([WS.OPEN, WS.OPEN]);
		expect([plan.seen.opens, body.seen.opens]).toEqual([1, 1]);
	});

	it('opens a virtual socket made while the real one is open asynchronously, like a real socket', async () => {
		open(WS, 'plan');
		Fake.instances[0].serverOpen();
		const late = open(WS, 'body:SOMTC');
		expect(late.socket.readyState).toBe(WS.CONNECTING);
		expect(late.seen.opens).toBe(0);
		await tick();
		expect(late.socket.readyState).toBe(WS.OPEN);
		expect(late.seen.opens).toBe(1);
		expect(Fake.instances).toHaveLength(1);
	});

	it('wraps sends in frames, sends those of one task as one message, and hands each document only its own payloads', async () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		const real = Fake.instances[0];
		real.serverOpen();
		plan.socket.send(new Uint8Array([0, 0, 1]));
		body.socket.send(new Uint8Array([1, 2]).buffer);
		expect(real.sent).toHaveLength(0);
		await Promise.resolve();
		expect(real.sent).toHaveLength(1);
		expect(real.frames()).toEqual([
			['plan', [0, 0, 1]],
			['body:SOMTC', [1, 2]]
		]);
		real.serverSend(encodeFrame('body:SOMTC', new Uint8Array([0, 1, 7])));
		real.serverSend(encodeFrame('body:ACWC', new Uint8Array([0, 1, 8]))); // no such channel: dropped
		expect(body.seen.messages).toEqual([[0, 1, 7]]);
		expect(plan.seen.messages).toEqual([]);
		// A bundle from the server is read frame by frame, in order.
		real.serverSend(encodeBundle([encodeFrame('plan', new Uint8Array([0, 1, 9])), encodeFrame('body:SOMTC', new Uint8Array([0, 2, 1]))]));
		expect(plan.seen.messages).toEqual([[0, 1, 9]]);
		expect(body.seen.messages).toEqual([[0, 1, 7], [0, 2, 1]]);
	});

	it('close() sends CLOSE for that document only and reports onclose asynchronously', async () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		const real = Fake.instances[0];
		real.serverOpen();
		plan.socket.close();
		expect(plan.socket.readyState).toBe(WS.CLOSING);
		expect(plan.seen.closes).toEqual([]);
		await Promise.resolve();
		expect(real.frames()).toEqual([['CLOSE', { op: 'close', docName: 'plan', code: 1000, reason: '' }]]);
		await tick();
		expect(plan.socket.readyState).toBe(WS.CLOSED);
		expect(plan.seen.closes).toEqual([{ code: 1000, reason: '' }]);
		plan.socket.send(new Uint8Array([0])); // ignored once closed, as WebSocket does
		real.serverSend(encodeFrame('plan', new Uint8Array([0, 1]))); // in flight: dropped
		real.serverSend(encodeFrame('body:SOMTC', new Uint8Array([0, 2])));
		expect(plan.seen.messages).toEqual([]);
		expect(body.seen.messages).toEqual([[0, 2]]);
		expect(real.sent).toHaveLength(1);
		expect(real.closeCalls).toEqual([]);
	});

	it('a server CLOSE closes only that virtual socket, with the server code and reason', () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		const real = Fake.instances[0];
		real.serverOpen();
		real.serverSend(encodeClose('body:SOMTC', 4403, 'you may not write this document'));
		expect(body.socket.readyState).toBe(WS.CLOSED);
		expect(body.seen.closes).toEqual([{ code: 4403, reason: 'you may not write this document' }]);
		expect(plan.socket.readyState).toBe(WS.OPEN);
		expect(plan.seen.closes).toEqual([]);
		real.serverSend(encodeClose('body:SOMTC', 4403, 'again')); // crossed CLOSE: ignored
		expect(body.seen.closes).toHaveLength(1);
		expect(real.sent).toEqual([]); // the server closed it: no CLOSE back
	});

	it('the real socket closing closes every virtual socket with its code; the next one opens a new real socket', () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		Fake.instances[0].serverOpen();
		Fake.instances[0].serverClose(1006, 'gone');
		expect(plan.seen.closes).toEqual([{ code: 1006, reason: 'gone' }]);
		expect(body.seen.closes).toEqual([{ code: 1006, reason: 'gone' }]);
		open(WS, 'plan');
		expect(Fake.instances).toHaveLength(2);
	});

	it('forwards real socket errors to every virtual socket', () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		Fake.instances[0].onerror?.({ type: 'error' });
		expect([plan.seen.errors, body.seen.errors]).toEqual([1, 1]);
	});

	it('keeps the real socket for a grace second after the last virtual socket closed', async () => {
		const plan = open(WS, 'plan');
		const real = Fake.instances[0];
		real.serverOpen();
		plan.socket.close();
		await vi.advanceTimersByTimeAsync(900);
		const again = open(WS, 'plan'); // a provider's quick reconnect
		await vi.advanceTimersByTimeAsync(2_000);
		expect(Fake.instances).toHaveLength(1);
		expect(real.closeCalls).toEqual([]);
		expect(again.socket.readyState).toBe(WS.OPEN);
		again.socket.close();
		await vi.advanceTimersByTimeAsync(999);
		expect(real.closeCalls).toEqual([]);
		await vi.advanceTimersByTimeAsync(1);
		expect(real.closeCalls).toEqual([{ code: 1000, reason: 'idle' }]);
		open(WS, 'plan'); // the closing socket is not reused
		expect(Fake.instances).toHaveLength(2);
	});

	it('closeIdle closes a real socket no virtual socket uses at once, and leaves one in use alone', async () => {
		const Mux = muxWebSocket(Fake as unknown as typeof WebSocket);
		const plan = open(Mux, 'plan');
		const other = open(Mux, 'plan', 'wss://board.example/yjs/b2');
		const [left, kept] = Fake.instances;
		left.serverOpen();
		kept.serverOpen();
		plan.socket.close();
		Mux.closeIdle();
		expect(left.closeCalls).toEqual([{ code: 1000, reason: 'idle' }]);
		expect(kept.closeCalls).toEqual([]);
		// Nothing more goes out on the closed socket, not even the CLOSE of the channel just closed.
		await tick();
		expect(left.frames()).toEqual([]);
		open(Mux, 'plan'); // a new provider gets a new socket
		expect(Fake.instances).toHaveLength(3);
		expect(other.socket.readyState).toBe(Mux.OPEN);
	});

	it('a second socket for the same document replaces the first; its CLOSE precedes the new first frame', async () => {
		const first = open(WS, 'plan');
		const real = Fake.instances[0];
		real.serverOpen();
		first.socket.send(new Uint8Array([0, 0]));
		const second = open(WS, 'plan');
		expect(first.socket.readyState).toBe(WS.CLOSING);
		await tick();
		expect(first.seen.closes).toEqual([{ code: 1000, reason: 'replaced' }]);
		second.socket.send(new Uint8Array([0, 0, 5]));
		await Promise.resolve();
		expect(real.frames()).toEqual([
			['plan', [0, 0]],
			['CLOSE', { op: 'close', docName: 'plan', code: 1000, reason: 'replaced' }],
			['plan', [0, 0, 5]]
		]);
		real.serverSend(encodeFrame('plan', new Uint8Array([0, 1])));
		expect(second.seen.messages).toEqual([[0, 1]]);
		expect(first.seen.messages).toEqual([]);
	});

	it('a garbage frame closes all virtual sockets as transient (1002) and retires the real socket', () => {
		const plan = open(WS, 'plan');
		const real = Fake.instances[0];
		real.serverOpen();
		real.serverSend(new Uint8Array([0x80]));
		expect(plan.seen.closes).toHaveLength(1);
		expect(plan.seen.closes[0].code).toBe(1002);
		expect(real.closeCalls).toEqual([{ code: 4400, reason: 'malformed mux frame' }]);
		real.serverClose(4400, 'malformed mux frame'); // the echo must not reach the providers as permanent
		expect(plan.seen.closes).toHaveLength(1);
		open(WS, 'plan');
		expect(Fake.instances).toHaveLength(2);
	});

	it('a socket closed before the real one opens sends nothing and never opens', async () => {
		const plan = open(WS, 'plan');
		const body = open(WS, 'body:SOMTC');
		plan.socket.close();
		Fake.instances[0].serverOpen();
		await tick();
		expect(plan.seen.opens).toBe(0);
		expect(plan.seen.closes).toEqual([{ code: 1000, reason: '' }]);
		expect(body.seen.opens).toBe(1);
		expect(Fake.instances[0].sent).toEqual([]);
	});

	it('has the readyState constants as static and instance fields', () => {
		const { socket } = open(WS, 'plan');
		expect([WS.CONNECTING, WS.OPEN, WS.CLOSING, WS.CLOSED]).toEqual([0, 1, 2, 3]);
		expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
		expect(socket.url).toBe(`${BASE}/plan`);
	});

	it('refuses a URL without a document segment', () => {
		expect(() => new WS('wss://board.example')).toThrow(/no document/);
	});
});

describe('muxWebSocket with stock WebsocketProviders over a real ws socket', () => {
	let server: MuxEchoServer;
	const providers: WebsocketProvider[] = [];
	beforeEach(async () => {
		server = await startMuxEchoServer();
	});
	afterEach(async () => {
		for (const provider of providers.splice(0)) provider.destroy();
		await server.close();
	});

	/** `ws`'s WebSocket, counting the real sockets the hub constructs. */
	function countingWebSocket() {
		const counter = { constructed: 0 };
		class CountingWebSocket extends NodeWebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols);
				counter.constructed++;
			}
		}
		return { counter, WS: muxWebSocket(CountingWebSocket as unknown as typeof WebSocket, { idleCloseMs: 200 }) };
	}

	function connect(WS: typeof WebSocket, docName: string) {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(server.url, encodeURIComponent(docName), doc, {
			WebSocketPolyfill: WS,
			// Node has a BroadcastChannel: providers in one process would otherwise sync around the server.
			disableBc: true,
			maxBackoffTime: 200
		});
		providers.push(provider);
		const closed: { code: number; reason: string }[] = [];
		provider.on('closed', (event) => closed.push(event));
		return { doc, provider, closed };
	}

	/** Providers of `plan` and `body:SOMTC` on one multiplexed class, both synced. */
	async function planAndBody() {
		const { counter, WS } = countingWebSocket();
		const plan = connect(WS, 'plan');
		const body = connect(WS, 'body:SOMTC');
		await waitFor(() => plan.provider.synced && body.provider.synced, { what: 'both providers synced' });
		return { counter, plan, body };
	}

	const text = (doc: Y.Doc) => doc.getText('t').toString();

	it('syncs two documents over one real socket, in both directions', async () => {
		server.doc('plan').getText('t').insert(0, 'plan from server');
		server.doc('body:SOMTC').getText('t').insert(0, 'SOMTC from server');
		const { counter, plan, body } = await planAndBody();
		expect(text(plan.doc)).toBe('plan from server');
		expect(text(body.doc)).toBe('SOMTC from server');

		body.doc.getText('t').insert(0, '> ');
		server.doc('plan').getText('t').insert(0, '* ');
		await waitFor(() => text(server.doc('body:SOMTC')) === '> SOMTC from server', { what: 'client edit on the server' });
		await waitFor(() => text(plan.doc) === '* plan from server', { what: 'server edit on the client' });
		expect(text(server.doc('plan'))).toBe('* plan from server');
		body.provider.awareness.setLocalStateField('user', 'SOMTC delegate');
		await waitFor(() => server.awareness('body:SOMTC').getStates().get(body.doc.clientID)?.user === 'SOMTC delegate', {
			what: 'awareness per document'
		});
		expect(server.awareness('plan').getStates().has(body.doc.clientID)).toBe(false);

		expect(counter.constructed).toBe(1);
		expect(server.accepted).toBe(1);
		// What the providers sent in one task went out as one message (both sync steps 1 when the socket opened).
		const { messages, messageBytes, frames, payloadBytes, byDoc } = server.received;
		expect(frames).toBe((byDoc.get('plan') ?? 0) + (byDoc.get('body:SOMTC') ?? 0));
		expect(messages).toBeLessThan(frames);
		// The multiplexing costs varString(docName) per frame, and a bundle's frames a length and a 3-byte head.
		const names = (byDoc.get('plan') ?? 0) * 5 + (byDoc.get('body:SOMTC') ?? 0) * 11;
		expect(messageBytes - payloadBytes).toBeGreaterThanOrEqual(names);
		expect(messageBytes - payloadBytes).toBeLessThanOrEqual(names + frames * 3 + messages * 3);
	});

	it('a server CLOSE 4403 stops only that provider; the other keeps syncing on the same socket', async () => {
		const { counter, plan, body } = await planAndBody();

		server.closeChannel('body:SOMTC', 4403, 'you may not write this document');
		await waitFor(() => body.closed.length === 1, { what: 'closed on the body provider' });
		expect(body.closed).toEqual([{ code: 4403, reason: 'you may not write this document' }]);
		expect(body.provider.shouldConnect).toBe(false);
		expect(plan.closed).toEqual([]);

		const bodyFrames = server.received.byDoc.get('body:SOMTC');
		server.doc('plan').getText('t').insert(0, 'still live');
		await waitFor(() => text(plan.doc) === 'still live', { what: 'plan sync after the body was closed' });
		plan.doc.getText('t').insert(0, '+');
		await waitFor(() => text(server.doc('plan')) === '+still live', { what: 'plan edit on the server' });
		// Longer than the providers' backoff: the closed provider never came back.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(server.received.byDoc.get('body:SOMTC')).toBe(bodyFrames);
		expect(body.provider.wsconnected).toBe(false);
		expect(plan.provider.wsconnected).toBe(true);
		expect(counter.constructed).toBe(1);
		expect(server.accepted).toBe(1);
	});

	it('the real socket dropping makes both providers reconnect over one new socket and resync', async () => {
		const { counter, plan, body } = await planAndBody();

		server.setAccepting(false);
		server.dropConnections();
		await waitFor(() => !plan.provider.wsconnected && !body.provider.wsconnected, { what: 'both disconnected' });
		await waitFor(() => server.open === 0, { what: 'no connection on the server' });
		// Made while nobody is connected: only the resync can deliver these.
		server.doc('plan').getText('t').insert(0, 'plan while away');
		server.doc('body:SOMTC').getText('t').insert(0, 'SOMTC while away');
		body.doc.getText('t').insert(0, 'offline edit ');
		server.setAccepting(true);

		await waitFor(() => text(plan.doc) === 'plan while away' && text(body.doc).includes('SOMTC while away'), {
			what: 'both documents resynced'
		});
		await waitFor(() => text(server.doc('body:SOMTC')).includes('offline edit'), { what: 'offline edit on the server' });
		expect(plan.closed).toEqual([]);
		expect(body.closed).toEqual([]);
		expect(server.accepted).toBe(2);
		expect(server.open).toBe(1);
		// Refused handshakes count as constructed sockets too; at most one attempt per backoff round.
		expect(counter.constructed).toBeGreaterThanOrEqual(2);
	});
});
