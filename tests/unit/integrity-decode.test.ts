import { describe, it, expect } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { decodeUpdateV1Exactly, IntegrityError, snapshotContains } from '$lib/server/collab/integrity';
import { craftUpdate } from './integrity-craft';

/** A document with every kind of content Yjs writes, edited by two clients. */
function richUpdate(): Uint8Array {
	const a = new Y.Doc();
	a.clientID = 1;
	const m = a.getMap('meta');
	m.set('title', 'APA');
	m.set('n', 3.5);
	m.set('nested', new Y.Map([['k', true]]));
	const t = a.getText('t');
	t.insert(0, 'hello world');
	t.format(0, 5, { bold: true });
	t.insertEmbed(3, { image: 'x' });
	t.delete(6, 2);
	a.getArray('arr').push([1, 'two', null, new Uint8Array([1, 2]), { o: [1] }]);
	a.getXmlFragment('x').insert(0, [new Y.XmlElement('p'), new Y.XmlText('x')]);
	a.getMap('docs').set('sub', new Y.Doc({ guid: 'sub-guid' }));
	const b = new Y.Doc();
	b.clientID = 2;
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	b.getText('t').insert(2, 'XY');
	b.getArray('arr').delete(0, 1);
	return Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]);
}

/** A comparable summary of decoded structs (ids, lengths, references, content). */
function summary(decoded: ReturnType<typeof Y.decodeUpdate>) {
	const id = (x: unknown) => (x instanceof Y.ID ? `${x.client}:${x.clock}` : x);
	return {
		structs: decoded.structs.map((s) => {
			if (!(s instanceof Y.Item)) return [s.constructor.name, s.id.client, s.id.clock, s.length];
			const c = s.content as unknown as Record<string, unknown>;
			const type = s.content instanceof Y.ContentType ? s.content.type.constructor.name : null;
			return [
				s.id.client,
				s.id.clock,
				s.length,
				id(s.origin),
				id(s.rightOrigin),
				id(s.parent),
				s.parentSub,
				s.content.constructor.name,
				type,
				s.content instanceof Y.ContentDoc || s.content instanceof Y.ContentType ? null : JSON.stringify(c, (_k, v) => (v instanceof Uint8Array ? [...v] : v))
			];
		}),
		ds: [...decoded.ds.clients].map(([client, ranges]) => [client, ranges.map((r) => [r.clock, r.len])])
	};
}

function refusal(update: Uint8Array): string {
	try {
		decodeUpdateV1Exactly(update);
	} catch (e) {
		expect(e).toBeInstanceOf(IntegrityError);
		return (e as Error).message;
	}
	throw new Error('the update was accepted');
}

describe('decodeUpdateV1Exactly', () => {
	it('decodes what Y.decodeUpdate decodes, struct for struct, for every kind of content', () => {
		const update = richUpdate();
		expect(summary(decodeUpdateV1Exactly(update))).toEqual(summary(Y.decodeUpdate(update)));
		const kinds = new Set(decodeUpdateV1Exactly(update).structs.map((s) => (s instanceof Y.Item ? s.content.constructor.name : s.constructor.name)));
		for (const k of ['ContentString', 'ContentAny', 'ContentType', 'ContentFormat', 'ContentEmbed', 'ContentBinary', 'ContentDoc']) expect(kinds).toContain(k);
	});

	it('decodes an empty update and a diff against a state vector', () => {
		expect(decodeUpdateV1Exactly(Y.encodeStateAsUpdate(new Y.Doc())).structs).toEqual([]);
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'abc');
		const sv = Y.encodeStateVector(doc);
		doc.getText('t').insert(1, 'Z');
		const diff = Y.encodeStateAsUpdate(doc, sv);
		expect(summary(decodeUpdateV1Exactly(diff))).toEqual(summary(Y.decodeUpdate(diff)));
	});

	it('decodes hand-written ContentJSON and ContentDeleted like Yjs', () => {
		const update = craftUpdate([{ client: 5, clock: 0, structs: [{ parent: 'a', content: { json: ['{"x":1}', 'undefined'] } }, { parent: 'a', content: { deleted: 4 } }] }], [[5, [[0, 1]]]]);
		expect(summary(decodeUpdateV1Exactly(update))).toEqual(summary(Y.decodeUpdate(update)));
	});

	it('refuses a v2 update, which v1 decoding misreads as nearly empty', () => {
		const doc = new Y.Doc();
		doc.getMap('entries').set('e1', new Y.Map([['status', 'proposed']]));
		const v2 = Y.encodeStateAsUpdateV2(doc);
		// Yjs's own v1 decoder does not notice:
		expect(() => Y.decodeUpdate(v2)).not.toThrow();
		expect(Y.decodeUpdate(v2).structs.length).toBeLessThanOrEqual(1);
		expect(refusal(v2)).toMatch(/not a Yjs v1 update/);
	});

	it('refuses trailing bytes', () => {
		const update = richUpdate();
		expect(refusal(new Uint8Array([...update, 0]))).toMatch(/1 bytes left/);
	});

	it('refuses every truncation of a real update with an IntegrityError', () => {
		const update = richUpdate();
		for (let n = 0; n < update.length; n++) refusal(update.subarray(0, n));
	});

	it('refuses unknown content references and unknown shared types', () => {
		for (const ref of [10 | 0x40, 11, 17, 31]) {
			const update = craftUpdate([{ client: 1, clock: 0, structs: [{ parent: 'a', rightOrigin: ref & 0x40 ? [2, 0] : undefined, content: { ref: ref & 31, bytes: [1] } }] }]);
			expect(refusal(update)).toMatch(/content|v1/);
		}
		expect(refusal(craftUpdate([{ client: 1, clock: 0, structs: [{ parent: 'a', content: { type: 7 } }] }]))).toMatch(/unknown shared type 7/);
	});

	it('refuses unparsable JSON in embeds, formats and JSON content', () => {
		expect(refusal(craftUpdate([{ client: 1, clock: 0, structs: [{ parent: 't', content: { embed: '{nope' } }] }]))).toMatch(/v1 update/);
		expect(refusal(craftUpdate([{ client: 1, clock: 0, structs: [{ parent: 't', content: { format: ['bold', '{'] } }] }]))).toMatch(/v1 update/);
		expect(refusal(craftUpdate([{ client: 1, clock: 0, structs: [{ parent: 't', content: { json: ['[1,'] } }] }]))).toMatch(/v1 update/);
	});

	it('refuses a client written twice (Yjs would keep only its last group)', () => {
		const str = { parent: 'entries', parentSub: 'x', content: { any: [1] } };
		expect(refusal(craftUpdate([{ client: 50, clock: 0, structs: [str] }, { client: 50, clock: 1, structs: [str] }]))).toMatch(/client 50 appears twice/);
	});

	it('refuses a huge declared count quickly instead of looping', () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 2 ** 50); // structs
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 0);
		const started = performance.now();
		expect(refusal(encoding.toUint8Array(e))).toMatch(/ends in the middle/);
		expect(performance.now() - started).toBeLessThan(50);
	});

	it('refuses a value nested too deep for the stack without crashing', () => {
		const depth = 200_000;
		const prefix = new Uint8Array([1, 1, 1, 0, 8, 1, 1, 0x61, 1]);
		const nested = new Uint8Array(depth * 2).fill(0);
		for (let i = 0; i < depth; i++) {
			nested[2 * i] = 117; // array
			nested[2 * i + 1] = 1; // of one value
		}
		const update = new Uint8Array([...prefix, ...nested, 126, 0]);
		expect(refusal(update)).toMatch(/v1 update/);
	});

	it('never throws anything but IntegrityError on random bytes', () => {
		let seed = 42;
		const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
		const base = richUpdate();
		for (let i = 0; i < 2000; i++) {
			const bytes = base.slice();
			for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
			try {
				decodeUpdateV1Exactly(bytes);
			} catch (e) {
				expect(e).toBeInstanceOf(IntegrityError);
			}
		}
	});
});

describe('snapshotContains', () => {
	it('answers what Y.snapshotContainsUpdate answers, from the decoded update', () => {
		const server = new Y.Doc();
		server.clientID = 1;
		server.getText('t').insert(0, 'hello');
		const client = new Y.Doc();
		client.clientID = 2;
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(client);
		const resent = Y.encodeStateAsUpdate(client);
		client.getText('t').insert(5, '!');
		const typed = Y.encodeStateAsUpdate(client, before);
		const deleter = new Y.Doc();
		Y.applyUpdate(deleter, Y.encodeStateAsUpdate(server));
		const sv = Y.encodeStateVector(deleter);
		deleter.getText('t').delete(0, 2);
		const deletion = Y.encodeStateAsUpdate(deleter, sv);
		const snapshot = Y.snapshot(server);
		const cases = { resent, typed, deletion, whole: Y.encodeStateAsUpdate(client), empty: Y.encodeStateAsUpdate(new Y.Doc()) };
		const answers = Object.fromEntries(Object.entries(cases).map(([k, u]) => [k, snapshotContains(snapshot, decodeUpdateV1Exactly(u))]));
		expect(answers).toEqual(Object.fromEntries(Object.entries(cases).map(([k, u]) => [k, Y.snapshotContainsUpdate(snapshot, u)])));
		expect(answers).toEqual({ resent: true, typed: false, deletion: false, whole: false, empty: true });
	});
});
