import { describe, it, expect } from 'vitest';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { IntegrityError, PresenceGuard, type PresenceUser } from '$lib/server/collab/integrity';

const DELEGATE: PresenceUser = { id: 12, name: 'Dara Delegate', body: 'SOMTC', role: 'delegate' };
const SAM = { id: 1, name: 'Sam Secretariat', body: null, role: 'secretariat' };

function client(id: number): Awareness {
	const doc = new Y.Doc();
	doc.clientID = id;
	return new Awareness(doc);
}

/** The room's awareness on the server. */
function room(): Awareness {
	const a = client(1);
	a.setLocalState(null);
	return a;
}

function raw(states: Array<[client: number, clock: number, json: string]>): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, states.length);
	for (const [c, clock, json] of states) {
		encoding.writeVarUint(e, c);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, json);
	}
	return encoding.toUint8Array(e);
}

const refusal = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		expect(e).toBeInstanceOf(IntegrityError);
		return (e as Error).message;
	}
	throw new Error('accepted');
};

describe('PresenceGuard', () => {
	it('overwrites a claimed user with the session’s: no impersonating Sam Secretariat', () => {
		const me = client(100);
		me.setLocalState({ user: SAM, cursor: { entry: 'e1', index: 3 } });
		const guard = new PresenceGuard(DELEGATE);
		const server = room();
		applyAwarenessUpdate(server, guard.filter(encodeAwarenessUpdate(me, [100])), 'conn');
		expect(server.getStates().get(100)).toEqual({ user: DELEGATE, cursor: { entry: 'e1', index: 3 } });
		expect([...guard.ownClients]).toEqual([100]);
	});

	it('adds the session user to a state without one', () => {
		const guard = new PresenceGuard(DELEGATE);
		const server = room();
		applyAwarenessUpdate(server, guard.filter(raw([[100, 1, '{}']])), 'conn');
		expect(server.getStates().get(100)).toEqual({ user: DELEGATE });
	});

	it('owns the first two client ids it uses and refuses a third', () => {
		const guard = new PresenceGuard(DELEGATE);
		guard.filter(raw([[100, 1, '{}']]));
		guard.filter(raw([[101, 1, '{}']]));
		guard.filter(raw([[100, 2, '{"a":1}']]));
		expect(refusal(() => guard.filter(raw([[102, 1, '{}']])))).toMatch(/beyond this connection's 2/);
		expect([...guard.ownClients]).toEqual([100, 101]);
	});

	it('drops the echoes a y-websocket client sends of others’ states, and their removal', () => {
		const server = room();
		const sam = client(200);
		sam.setLocalState({ user: SAM });
		const samGuard = new PresenceGuard(SAM);
		applyAwarenessUpdate(server, samGuard.filter(encodeAwarenessUpdate(sam, [200])), 'sam');
		// The delegate's client receives the room's states and, like y-websocket's handler, sends every change back.
		const me = client(100);
		me.setLocalState({ user: DELEGATE });
		const guard = new PresenceGuard(DELEGATE, { ownedElsewhere: (id) => samGuard.ownClients.has(id) });
		applyAwarenessUpdate(server, guard.filter(encodeAwarenessUpdate(me, [100])), 'me');
		const echoes: Uint8Array[] = [];
		me.on('update', ({ added, updated, removed }: Record<string, number[]>) => echoes.push(encodeAwarenessUpdate(me, [...added, ...updated, ...removed])));
		applyAwarenessUpdate(me, encodeAwarenessUpdate(server, [...server.getStates().keys()]), 'provider');
		me.setLocalState({ user: SAM, x: 1 });
		removeAwarenessStates(me, [200], 'timeout');
		expect(echoes.length).toBe(3);
		for (const echo of echoes) applyAwarenessUpdate(server, guard.filter(echo), 'me');
		expect(server.getStates().get(200)).toEqual({ user: SAM });
		expect(server.getStates().get(100)).toEqual({ user: DELEGATE, x: 1 });
		expect([...guard.ownClients]).toEqual([100]);
	});

	it('lets a connection remove only its own presence', () => {
		const server = room();
		const guard = new PresenceGuard(DELEGATE);
		const me = client(100);
		me.setLocalState({});
		applyAwarenessUpdate(server, guard.filter(encodeAwarenessUpdate(me, [100])), 'me');
		removeAwarenessStates(me, [100], 'bye');
		applyAwarenessUpdate(server, guard.filter(encodeAwarenessUpdate(me, [100])), 'me');
		expect(server.getStates().has(100)).toBe(false);
		// A removal for an id it never set claims nothing.
		guard.filter(raw([[300, 5, 'null']]));
		expect([...guard.ownClients]).toEqual([100]);
	});

	it('refuses oversized states, after the user is rewritten', () => {
		const guard = new PresenceGuard(DELEGATE, { maxStateBytes: 2048 });
		// A huge claimed user is replaced, so the state fits.
		guard.filter(raw([[100, 1, JSON.stringify({ user: { name: 'x'.repeat(3000) } })]]));
		expect(refusal(() => guard.filter(raw([[100, 2, JSON.stringify({ junk: 'x'.repeat(2000) })]])))).toMatch(/more than 2048/);
		expect(refusal(() => guard.filter(raw([[100, 3, JSON.stringify({ junk: 'x'.repeat(9000) })]])))).toMatch(/presence state of/);
	});

	it('refuses states that are not JSON objects and malformed messages', () => {
		const guard = new PresenceGuard(DELEGATE);
		expect(refusal(() => guard.filter(raw([[100, 1, '[1]']])))).toMatch(/not an object/);
		expect(refusal(() => guard.filter(raw([[100, 1, '{nope']])))).toMatch(/not JSON/);
		expect(refusal(() => guard.filter(new Uint8Array([1, 100])))).toMatch(/not an awareness update/);
		expect(refusal(() => guard.filter(new Uint8Array([...raw([[100, 1, '{}']]), 0])))).toMatch(/bytes left/);
	});

	it('refuses the 1.8 MiB / 24,000-presence flood at its count, before parsing', () => {
		const states: Array<[number, number, string]> = [];
		for (let i = 0; i < 24_000; i++) states.push([10_000 + i, 1, JSON.stringify({ user: SAM, pad: 'x'.repeat(40) })]);
		const flood = raw(states);
		expect(flood.length).toBeGreaterThan(1.8 * 1024 * 1024);
		const guard = new PresenceGuard(DELEGATE);
		const started = performance.now();
		expect(refusal(() => guard.filter(flood))).toMatch(/24000 states, more than 500/);
		expect(performance.now() - started).toBeLessThan(20);
		expect(guard.ownClients.size).toBe(0);
		// The same flood under the message bound: two ids become its own, the third is refused.
		expect(refusal(() => guard.filter(raw(states.slice(0, 400))))).toMatch(/beyond/);
		expect(guard.ownClients.size).toBe(0);
	});
});
