import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { BoardDocs, decisionsMap, entriesMap, leadsMap, mapOf, metaMap, partsArray, provisionsArray, type TransactionOrigin } from '$lib/board/doc';
import * as mutations from '$lib/board/mutations';
import { buildApaDocs } from '$lib/board/seed-board';
import { checkShape, decodeUpdateV1Exactly, type DocKind } from '$lib/server/collab/integrity';
import { loadSeeds } from '$lib/server/boards/seeds';
import { addMissingItems, setItemFields, setNarrative } from '$lib/monitoring/report-doc';
import { craftUpdate, type CraftGroup } from './integrity-craft';

const seeds = loadSeeds(fileURLToPath(new URL('../../seeds', import.meta.url)));
const ME: TransactionOrigin = { source: 'user', userId: 7 };
/** Who writes the updates checked here (user 3, the chair of these tests), and the server's clock. */
const WRITER = { userId: 3, now: Date.UTC(2026, 11, 2) };

function replica(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function check(kind: DocKind, server: Y.Doc, update: Uint8Array): string | null {
	return checkShape(kind, server, decodeUpdateV1Exactly(update), WRITER);
}

/** What a client replica of `server` sends after `change`: checked, and applied when accepted. */
function edit(kind: DocKind, server: Y.Doc, change: (doc: Y.Doc) => void): string | null {
	const client = replica(server);
	change(client);
	const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
	const why = check(kind, server, update);
	if (why === null) Y.applyUpdate(server, update);
	return why;
}

function seeded(): BoardDocs {
	return buildApaDocs(seeds.provisions, seeds.matrix, 'APA');
}

/** Runs a board mutation on a client replica; returns each changed document's verdict. */
function mutate(server: BoardDocs, change: (client: BoardDocs) => void): Record<string, string | null> {
	const client = new BoardDocs((name) => replica(server.byName(name) as Y.Doc));
	for (const code of server.bodies.keys()) client.body(code);
	change(client);
	const verdicts: Record<string, string | null> = {};
	for (const [name, doc] of client.named()) {
		const target = server.byName(name) as Y.Doc;
		const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(target));
		if (Y.decodeUpdate(update).structs.length === 0 && Y.decodeUpdate(update).ds.clients.size === 0) continue;
		verdicts[name] = check(name === 'plan' ? 'plan' : 'body', target, update);
		if (verdicts[name] === null) Y.applyUpdate(target, update);
	}
	return verdicts;
}

function anEntryId(docs: BoardDocs, code = 'SOMTC'): string {
	return [...entriesMap(docs.body(code)).keys()][0];
}

function bodyWith(entries: number): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (let i = 0; i < entries; i++) entriesMap(doc).set(`e${i}`, mapOf({ provision: 'A1', category: 'c', text: new Y.Text('x'), status: 'proposed', uncertain: false, order: i }));
	});
	return doc;
}

describe('checkShape accepts what the board writes', () => {
	it('accepts the seeded board sent whole to empty documents', () => {
		const docs = seeded();
		expect(check('plan', new Y.Doc(), Y.encodeStateAsUpdate(docs.plan))).toBeNull();
		expect(docs.bodies.size).toBeGreaterThan(3);
		for (const doc of docs.bodies.values()) expect(check('body', new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull();
	});

	it('accepts every mutation of the board', () => {
		const server = seeded();
		const id = anEntryId(server);
		const steps: Array<(c: BoardDocs) => unknown> = [
			(c) => mutations.addEntry(c, { provision: 'A1', category: 'research', body: 'SOMTC', text: 'New activity', subsidiary: 'WG' }, ME),
			(c) => mutations.setEntryText(c, id, 'Rewritten text of the activity', ME),
			(c) => mutations.setEntryProgress(c, id, 'ongoing', ME),
			(c) => mutations.setEntryUncertain(c, id, true, ME),
			(c) => mutations.moveEntry(c, id, 'A2', 'research', ME),
			(c) => mutations.reorderEntry(c, id, 1, ME),
			(c) => mutations.setDecision(c, id, 'agreed', { userId: 3, meeting: 1, at: WRITER.now }, ME),
			(c) => mutations.setDecision(c, id, null, { userId: 3, meeting: null }, ME),
			(c) => mutations.setLead(c, 'A1', 'research', 'SOMTC', ME),
			(c) => mutations.setLead(c, 'A1', 'research', null, ME),
			(c) => mutations.addProvision(c, 'A', 'z', 'A new provision', ME),
			(c) => mutations.addCategory(c, 'Exchange', ME),
			(c) => mutations.setBoardMeta(c, { title: 'APA 2026', asOf: '2026-05-01' }, ME),
			(c) => mutations.deleteEntry(c, id, ME)
		];
		for (const step of steps) {
			const verdicts = mutate(server, step);
			expect(Object.keys(verdicts).length).toBeGreaterThan(0);
			for (const v of Object.values(verdicts)) expect(v).toBeNull();
		}
	});

	it('accepts typing, one keystroke per update, and deleting', () => {
		const server = bodyWith(1);
		for (const ch of 'typed here') expect(edit('body', server, (d) => (entriesMap(d).get('e0')!.get('text') as Y.Text).insert(1, ch))).toBeNull();
		expect(edit('body', server, (d) => (entriesMap(d).get('e0')!.get('text') as Y.Text).delete(0, 5))).toBeNull();
		expect(edit('body', server, (d) => entriesMap(d).get('e0')!.set('note', 'a note'))).toBeNull();
		expect(edit('body', server, (d) => entriesMap(d).get('e0')!.delete('note'))).toBeNull();
	});

	it('skips what the server already has, even if it would not pass today', () => {
		const server = new Y.Doc();
		entriesMap(server).set('old', mapOf({ body: 'SOMTC', text: new Y.Text('legacy') }));
		expect(check('body', server, Y.encodeStateAsUpdate(replica(server)))).toBeNull();
	});
});

describe('checkShape refuses what does not fit', () => {
	const entry = (d: Y.Doc) => entriesMap(d).get('e0')!;

	it('refuses other top-level types, and the other kind of document’s', () => {
		expect(edit('body', bodyWith(1), (d) => d.getMap('evil').set('x', 1))).toMatch(/unknown top-level type "evil"/);
		expect(edit('body', bodyWith(1), (d) => metaMap(d).set('title', 'x'))).toMatch(/unknown top-level type "meta"/);
		expect(edit('plan', new Y.Doc(), (d) => entriesMap(d).set('e', new Y.Map()))).toMatch(/unknown top-level type "entries"/);
		expect(edit('body', bodyWith(1), (d) => d.getArray('entries2').insert(0, [new Y.Map()]))).toMatch(/unknown top-level/);
	});

	it('refuses other keys and wrong values in an entry', () => {
		const cases: Array<[(m: Y.Map<unknown>) => void, RegExp]> = [
			[(m) => m.set('body', 'SOMTC'), /has no field "body"/],
			[(m) => m.set('status', 'agreed'), /status must be one of proposed, ongoing, completed/],
			[(m) => m.set('uncertain', 'yes'), /uncertain must be true or false/],
			[(m) => m.set('order', Number.NaN), /order must be a finite number/],
			[(m) => m.set('order', Infinity), /order must be a finite number/],
			[(m) => m.set('order', '3'), /order must be a finite number/],
			[(m) => m.set('note', 'x'.repeat(4001)), /note must be a string of at most 4000/],
			[(m) => m.set('provision', 'p'.repeat(65)), /provision must be a string of at most 64/],
			[(m) => m.set('subsidiary', { name: 'x' }), /subsidiary must be a string/],
			[(m) => m.set('text', 'plain string'), /text must be a text/],
			[(m) => m.set('text', new Y.Array()), /text must be a text/],
			[(m) => m.set('note', new Y.Text('x')), /note must be a string/]
		];
		for (const [change, reason] of cases) expect(edit('body', bodyWith(1), (d) => change(entry(d)))).toMatch(reason);
	});

	it('refuses entry ids that are too long and entries that are not maps', () => {
		expect(edit('body', bodyWith(0), (d) => entriesMap(d).set('k'.repeat(65), new Y.Map()))).toMatch(/keys are at most 64/);
		expect(edit('body', bodyWith(0), (d) => (entriesMap(d) as Y.Map<unknown>).set('e', 'text'))).toMatch(/entries\.e must be a map/);
	});

	it('refuses a Y.Map nested 3,000 deep in a note, quickly', () => {
		const server = bodyWith(1);
		const client = replica(server);
		// Nested one level per transaction: Yjs integrates preliminary nested maps recursively.
		let inner = new Y.Map<unknown>();
		entry(client).set('note', inner);
		for (let i = 0; i < 3000; i++) {
			const next = new Y.Map<unknown>();
			inner.set('note', next);
			inner = next;
		}
		const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
		const started = performance.now();
		expect(check('body', server, update)).toMatch(/entries\.e0\.note must be a string/);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it('refuses 100,000 nested maps listed innermost first, without recursion', () => {
		const server = bodyWith(1);
		const e0 = entriesMap(server)._map.get('e0')!;
		// Each level is its own client (100 + i) so the update can list the deepest level first.
		const groups: CraftGroup[] = [];
		for (let i = 0; i < 100_000; i++) {
			const parent: [number, number] = i === 0 ? [e0.id.client, e0.id.clock] : [100 + i - 1, 0];
			groups.push({ client: 100 + i, clock: 0, structs: [{ parent, parentSub: 'note', content: { type: 1 } }] });
		}
		groups.reverse();
		const started = performance.now();
		expect(check('body', server, craftUpdate(groups))).toMatch(/note/);
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('refuses formatting, embeds and shared types inside a text', () => {
		const text = (d: Y.Doc) => entry(d).get('text') as Y.Text;
		expect(edit('body', bodyWith(1), (d) => text(d).format(0, 1, { bold: true }))).toMatch(/plain text only/);
		expect(edit('body', bodyWith(1), (d) => text(d).insert(0, 'b', { bold: true }))).toMatch(/plain text only/);
		expect(edit('body', bodyWith(1), (d) => text(d).insertEmbed(0, { image: 'x' }))).toMatch(/plain text only/);
		expect(edit('body', bodyWith(1), (d) => text(d).insertEmbed(0, new Y.Map()))).toMatch(/plain text only/);
	});

	it('refuses an XmlText, ContentJSON, ContentBinary, a subdocument or two values under one key', () => {
		const server = bodyWith(1);
		const e0 = entriesMap(server)._map.get('e0')!;
		const at = (content: Parameters<typeof craftUpdate>[0][0]['structs'][0]) =>
			check('body', server, craftUpdate([{ client: 9, clock: 0, structs: [content] }]));
		const holder: [number, number] = [e0.id.client, e0.id.clock];
		expect(at({ parent: holder, parentSub: 'text', content: { type: 6 } })).toMatch(/text must be a text/);
		expect(at({ parent: holder, parentSub: 'note', content: { json: ['"x"'] } })).toMatch(/note must be a string/);
		expect(at({ parent: holder, parentSub: 'note', content: { binary: new Uint8Array([1]) } })).toMatch(/note must be a string/);
		expect(at({ parent: holder, parentSub: 'note', content: { doc: 'guid' } })).toMatch(/note must be a string/);
		expect(at({ parent: holder, parentSub: 'note', content: { any: ['a', 'b'] } })).toMatch(/note must be a string/);
		expect(at({ parent: holder, parentSub: 'note', content: { any: [] } })).toMatch(/empty struct/);
		expect(at({ parent: 'entries', content: { any: ['x'] } })).toMatch(/list content is not allowed/);
	});

	it('refuses wrong items in the plan’s lists and maps', () => {
		expect(edit('plan', seeded().plan, (d) => provisionsArray(d).push(['x' as unknown as Y.Map<string>]))).toMatch(/provisions\[\] must be a map/);
		expect(edit('plan', seeded().plan, (d) => partsArray(d).get(0).set('title', 't'.repeat(501)))).toMatch(/title must be a string of at most 500/);
		expect(edit('plan', seeded().plan, (d) => partsArray(d).get(0).set('colour', 'red'))).toMatch(/has no field "colour"/);
		expect(edit('plan', seeded().plan, (d) => metaMap(d).set('asOf', 'x'.repeat(33)))).toMatch(/asOf must be a string of at most 32/);
		expect(edit('plan', seeded().plan, (d) => leadsMap(d).set('A1|research', 'S'.repeat(33)))).toMatch(/leads\.A1\|research must be a string/);
		expect(edit('plan', seeded().plan, (d) => leadsMap(d).set('k'.repeat(201), 'SOMTC'))).toMatch(/keys are at most 200/);
		const decision = (fields: Record<string, unknown>) => (d: Y.Doc) => decisionsMap(d).set('e1', mapOf(fields) as Y.Map<unknown>);
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', by: 3, at: 1, meeting: null, body: 'SOMTC', note: 'ok' }))).toBeNull();
		expect(edit('plan', seeded().plan, decision({ state: 'rejected' }))).toMatch(/state must be one of agreed/);
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', meeting: 'today' }))).toMatch(/meeting must be a number or null/);
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', at: null }))).toMatch(/at must be a time not in the future/);
		// Who recorded it is whoever writes the update, not a claim; when is not later than the server's clock allows.
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', by: 4 }))).toMatch(/by must be the id of the person writing it/);
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', by: null }))).toMatch(/by must be the id of the person writing it/);
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', at: WRITER.now + 4 * 60_000 }))).toBeNull();
		expect(edit('plan', seeded().plan, decision({ state: 'agreed', at: WRITER.now + 6 * 60_000 }))).toMatch(/at must be a time not in the future/);
		expect(edit('plan', seeded().plan, (d) => (decisionsMap(d) as Y.Map<unknown>).set('e1', 'agreed'))).toMatch(/decisions\.e1 must be a map/);
	});
});

describe('checkShape bounds counts and lengths after the update', () => {
	it('refuses the 5,001st entry, but not a replacement at the limit', () => {
		const server = bodyWith(5000);
		const add = (d: Y.Doc) => entriesMap(d).set('new', mapOf({ status: 'proposed' }));
		expect(edit('body', server, add)).toMatch(/entries would hold 5001 keys, more than 5000/);
		expect(edit('body', server, (d) => { entriesMap(d).delete('e1'); add(d); })).toBeNull();
		expect(edit('body', server, (d) => entriesMap(d).set('e2', mapOf({ status: 'ongoing' })))).toBeNull();
	});

	it('refuses the 1,001st provision', () => {
		const server = new Y.Doc();
		provisionsArray(server).push(Array.from({ length: 999 }, (_, i) => mapOf({ id: `p${i}` }) as Y.Map<string>));
		expect(edit('plan', server, (d) => provisionsArray(d).push([mapOf({ id: 'x' }) as Y.Map<string>]))).toBeNull();
		expect(edit('plan', server, (d) => provisionsArray(d).push([mapOf({ id: 'y' }) as Y.Map<string>]))).toMatch(/provisions would hold 1001 items/);
		expect(edit('plan', server, (d) => { provisionsArray(d).delete(0, 1); provisionsArray(d).push([mapOf({ id: 'y' }) as Y.Map<string>]); })).toBeNull();
	});

	it('bounds an entry text at 20,000 characters, counting what the update deletes', () => {
		const server = bodyWith(1);
		const text = (d: Y.Doc) => entriesMap(d).get('e0')!.get('text') as Y.Text;
		expect(edit('body', server, (d) => text(d).insert(1, 'a'.repeat(19_999)))).toBeNull();
		expect(edit('body', server, (d) => text(d).insert(0, 'b'))).toMatch(/entries\.e0\.text would hold 20001 characters, more than 20000/);
		// Select all and paste: as long as before.
		expect(edit('body', server, (d) => { text(d).delete(0, 20_000); text(d).insert(0, 'c'.repeat(20_000)); })).toBeNull();
		expect(text(server).length).toBe(20_000);
	});

	it('bounds a new entry’s text too, and a 50,000-item origin chain resolves without recursion', () => {
		const server = bodyWith(1);
		const e0 = entriesMap(server)._map.get('e0')!;
		const structs = [{ parent: [e0.id.client, e0.id.clock] as [number, number], parentSub: 'text', content: { type: 2 } }] as CraftGroup['structs'];
		// 50,000 one-character items, each chained to the previous one (two clients alternate so Yjs could not merge them).
		const a: CraftGroup = { client: 201, clock: 0, structs: [] };
		const b: CraftGroup = { client: 202, clock: 0, structs: [] };
		let prev: [number, number] | null = null;
		for (let i = 0; i < 50_000; i++) {
			const g = i % 2 ? b : a;
			const item = prev ? { origin: prev, content: { string: 'x' } } : { parent: [300, 0] as [number, number], content: { string: 'x' } };
			g.structs.push(item);
			prev = [g.client, g.structs.length - 1];
		}
		const update = craftUpdate([{ client: 300, clock: 0, structs }, a, b]);
		const started = performance.now();
		expect(check('body', server, update)).toMatch(/text would hold 50000 characters/);
		expect(performance.now() - started).toBeLessThan(2000);
	});
});

describe('checkShape refuses what Yjs would leave pending', () => {
	it('refuses an update building on operations the server does not have', () => {
		const a = new Y.Doc();
		entriesMap(a).set('e', mapOf({ text: new Y.Text('abc') }));
		const b = replica(a);
		(entriesMap(b).get('e')!.get('text') as Y.Text).insert(1, 'X');
		expect(check('body', new Y.Doc(), Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))).toMatch(/neither the document nor the update/);
	});

	it('refuses gaps, skips, forward references, cycles and deletions of unknown operations', () => {
		const server = bodyWith(1);
		const str = { parent: 'entries', parentSub: 'x', content: { any: [1] } };
		expect(check('body', server, craftUpdate([{ client: 50, clock: 3, structs: [str] }]))).toMatch(/skips clocks 0…2/);
		expect(check('body', server, craftUpdate([{ client: 50, clock: 0, structs: [{ skip: 2 }, str] }]))).toMatch(/skips clocks/);
		expect(check('body', server, craftUpdate([{ client: 50, clock: 0, structs: [{ origin: [50, 1], content: { string: 'a' } }, { origin: [50, 0], content: { string: 'b' } }] }]))).toMatch(/points forward/);
		const cycle = craftUpdate([
			{ client: 60, clock: 0, structs: [{ origin: [61, 0], content: { string: 'a' } }] },
			{ client: 61, clock: 0, structs: [{ origin: [60, 0], content: { string: 'b' } }] }
		]);
		expect(check('body', server, cycle)).toMatch(/refers back to itself/);
		expect(check('body', server, craftUpdate([], [[99, [[0, 3]]]]))).toMatch(/deletes operations of client 99/);
	});

	it('accepts GC structs and deletions of what the server has', () => {
		const server = bodyWith(3);
		const [client] = [...server.store.clients.keys()];
		expect(check('body', server, craftUpdate([{ client: 70, clock: 0, structs: [{ gc: 4 }] }], [[client, [[0, 5]]]]))).toBeNull();
	});
});

describe('checkShape cost', () => {
	it('checks a whole 5,000-entry body document in time comparable to Yjs applying it', () => {
		const update = Y.encodeStateAsUpdate(bodyWith(5000));
		// The fastest of three of each, interleaved: a shared machine's pauses hit single runs, not minima.
		const time = (run: () => void) => {
			const started = performance.now();
			run();
			return performance.now() - started;
		};
		let apply = Infinity;
		let ms = Infinity;
		for (let i = 0; i < 3; i++) {
			apply = Math.min(apply, time(() => Y.applyUpdate(new Y.Doc(), update)));
			ms = Math.min(ms, time(() => expect(check('body', new Y.Doc(), update)).toBeNull()));
		}
		console.info(`5,000 entries, ${update.length} bytes: decode + shape check ${ms.toFixed(0)} ms, Y.applyUpdate ${apply.toFixed(0)} ms`);
		expect(ms).toBeLessThan(3 * apply + 200);
	});
});

describe('a progress report document', () => {
	it('takes the items the report page writes, and nothing else', () => {
		const server = new Y.Doc();
		expect(edit('report', server, (d) => d.transact(() => addMissingItems(d, ['e1', 'e2'])))).toBeNull();
		expect(edit('report', server, (d) => setItemFields(d, 'e1', { status: 'ongoing', start: '2026-01-10', evidence: 'https://example.org/a\nhttps://example.org/b', indicator: 'People trained', unit: 'people', target: 200, actual: null }, ME))).toBeNull();
		expect(edit('report', server, (d) => setNarrative(d, 'e1', 'Two workshops.', ME))).toBeNull();
		expect(edit('report', server, (d) => setItemFields(d, 'e1', { status: 'finished' as never }, ME))).toMatch(/status must be one of not-started, ongoing, completed, dropped/);
		expect(edit('report', server, (d) => (d.getMap('items').get('e1') as Y.Map<unknown>).set('narrative', 'plain string'))).toMatch(/narrative must be a text/);
		expect(edit('report', server, (d) => (d.getMap('items').get('e1') as Y.Map<unknown>).set('owner', 'SOMTC'))).toMatch(/has no field "owner"/);
		expect(edit('report', server, (d) => setItemFields(d, 'e2', { target: Number.NaN }, ME))).toMatch(/target must be a number or null/);
		expect(edit('report', server, (d) => d.getMap('entries').set('x', 1))).not.toBeNull();
	});
});
