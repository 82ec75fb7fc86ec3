import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { buildApaDoc } from '$lib/board/seed-board';
import { cellKey, entriesMap, leadsMap, mapOf, categoriesArray, provisionsArray, metaMap, type EntryMap } from '$lib/board/doc';
import type { Actor, BoardStatus } from '$lib/board/permissions';
import { readBoard, type BoardView } from '$lib/board/view';
import { loadSeeds } from '$lib/server/seeds';
import { authorizeUpdate } from '$lib/server/permissions/authorize-update';
import { inspectUpdate, type Touch } from '$lib/server/permissions/inspect-update';

const seeds = loadSeeds(fileURLToPath(new URL('../../seeds', import.meta.url)));

const ACTORS = {
	observer: { role: 'observer', body: null },
	somtc: { role: 'delegate', body: 'SOMTC' },
	somed: { role: 'delegate', body: 'SOM-ED' },
	chair: { role: 'chair', body: 'SOMTC' },
	secretariat: { role: 'secretariat', body: null }
} satisfies Record<string, Actor>;
type Who = keyof typeof ACTORS;
const WHO = Object.keys(ACTORS) as Who[];

const LEAD_CELL = cellKey('A.1', 'institutional');

/** The server's document: the seeded APA board with one lead assigned. */
function serverDoc(): Y.Doc {
	const doc = buildApaDoc(seeds.provisions, seeds.matrix, 'APA board');
	doc.transact(() => leadsMap(doc).set(LEAD_CELL, 'SOMTC'), { source: 'server' });
	return doc;
}

/** The first entry of `body` in the seeded board. */
function entryOf(doc: Y.Doc, body: string): { id: string; map: EntryMap; text: Y.Text } {
	for (const [id, map] of entriesMap(doc)) {
		if (map.get('body') === body) return { id, map, text: map.get('text') as Y.Text };
	}
	throw new Error(`no ${body} entry`);
}

function newEntry(body: string, text = 'New activity'): EntryMap {
	return mapOf({ provision: 'A.1', category: 'research', body, text: new Y.Text(text), status: 'proposed', uncertain: false, order: 999 });
}

interface Captured {
	/** What a client sends in sync step 2: its state minus the server's (with its whole delete set). */
	diff: Uint8Array;
	/** What a connected client sends: the `update` events of its transactions, merged. */
	events: Uint8Array;
}

/** Syncs a client from `server`, runs `action` on it, and captures the resulting update both ways. */
function capture(server: Y.Doc, action: (client: Y.Doc) => void): Captured {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const events: Uint8Array[] = [];
	client.on('update', (u: Uint8Array) => events.push(u));
	action(client);
	return {
		diff: Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)),
		events: events.length === 1 ? events[0] : Y.mergeUpdates(events)
	};
}

const user = { source: 'user' } as const;
/** A server document for reading ids while building the table (never modified). */
const server0 = serverDoc();

/** Roles × actions: who may send each update on an open board. Everyone else is refused. */
const TABLE: Array<{ action: string; run: (c: Y.Doc) => void; allowed: Who[] }> = [
	{ action: 'type into a SOMTC entry (middle)', run: (c) => entryOf(c, 'SOMTC').text.insert(10, 'x'), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'type into a SOMTC entry (start)', run: (c) => entryOf(c, 'SOMTC').text.insert(0, 'Draft: '), allowed: ['somtc', 'chair', 'secretariat'] },
	{
		action: 'type into a SOMTC entry (end)',
		run: (c) => {
			const { text } = entryOf(c, 'SOMTC');
			text.insert(text.length, ' (tbc)');
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{ action: 'format SOMTC text', run: (c) => entryOf(c, 'SOMTC').text.format(0, 8, { bold: true }), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'delete a range of SOMTC text', run: (c) => entryOf(c, 'SOMTC').text.delete(3, 12), allowed: ['somtc', 'chair', 'secretariat'] },
	{
		action: 'type a word into a SOM-ED entry, then erase its first letter',
		run: (c) => {
			const { text } = entryOf(c, 'SOM-ED');
			text.insert(5, 'hello');
			text.delete(5, 1);
		},
		allowed: ['somed', 'secretariat']
	},
	{ action: 'type into a SOM-ED entry', run: (c) => entryOf(c, 'SOM-ED').text.insert(5, 'y'), allowed: ['somed', 'secretariat'] },
	{ action: 'delete a SOM-ED text range', run: (c) => entryOf(c, 'SOM-ED').text.delete(0, 4), allowed: ['somed', 'secretariat'] },
	{ action: 'delete a SOMTC entry', run: (c) => entriesMap(c).delete(entryOf(c, 'SOMTC').id), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'delete a SOM-ED entry', run: (c) => entriesMap(c).delete(entryOf(c, 'SOM-ED').id), allowed: ['somed', 'secretariat'] },
	{
		action: 'move a SOMTC entry to another cell',
		run: (c) =>
			c.transact(() => {
				const { map } = entryOf(c, 'SOMTC');
				map.set('provision', 'B.2');
				map.set('category', 'prevention');
			}, user),
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{ action: 'change a SOMTC entry’s status', run: (c) => entryOf(c, 'SOMTC').map.set('status', 'agreed'), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'change a SOM-ED entry’s status', run: (c) => entryOf(c, 'SOM-ED').map.set('status', 'agreed'), allowed: ['somed', 'secretariat'] },
	{ action: 'flag a SOM-ED entry uncertain', run: (c) => entryOf(c, 'SOM-ED').map.set('uncertain', true), allowed: ['somed', 'secretariat'] },
	{ action: 're-attribute a SOMTC entry to SOM-ED', run: (c) => entryOf(c, 'SOMTC').map.set('body', 'SOM-ED'), allowed: ['secretariat'] },
	{ action: 're-attribute a SOM-ED entry to SOMTC', run: (c) => entryOf(c, 'SOM-ED').map.set('body', 'SOMTC'), allowed: ['secretariat'] },
	{ action: 'rewrite a SOMTC entry’s body unchanged', run: (c) => entryOf(c, 'SOMTC').map.set('body', 'SOMTC'), allowed: ['somtc', 'chair', 'secretariat'] },
	{
		action: 'change a SOMTC entry’s body away and back in one batch',
		run: (c) => {
			entryOf(c, 'SOMTC').map.set('body', 'SOM-ED');
			entriesMap(c).get(entryOf(server0, 'SOMTC').id)!.set('body', 'SOMTC');
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{
		action: 'create a SOMTC entry and write its body again',
		run: (c) => {
			entriesMap(c).set('new-1', newEntry('SOMTC'));
			entriesMap(c).get('new-1')!.set('body', 'SOMTC');
		},
		allowed: ['somtc', 'chair', 'secretariat']
	},
	{ action: 'remove a SOMTC entry’s body', run: (c) => entryOf(c, 'SOMTC').map.delete('body'), allowed: ['secretariat'] },
	{ action: 'create a SOMTC entry', run: (c) => entriesMap(c).set('new-1', newEntry('SOMTC')), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'create a SOM-ED entry', run: (c) => entriesMap(c).set('new-1', newEntry('SOM-ED')), allowed: ['somed', 'secretariat'] },
	{ action: 'create an entry without body', run: (c) => entriesMap(c).set('new-1', mapOf({ text: new Y.Text('x') })), allowed: ['secretariat'] },
	{
		action: 'create a SOMTC entry, then re-attribute it to SOM-ED',
		run: (c) => {
			entriesMap(c).set('new-1', newEntry('SOMTC'));
			entriesMap(c).get('new-1')!.set('body', 'SOM-ED');
		},
		allowed: ['somed', 'secretariat']
	},
	{
		action: 'create a SOMTC entry and delete it again, then create a SOM-ED one',
		run: (c) => {
			entriesMap(c).set('new-1', newEntry('SOMTC'));
			entriesMap(c).delete('new-1');
			entriesMap(c).set('new-2', newEntry('SOM-ED'));
		},
		allowed: ['somed', 'secretariat']
	},
	{ action: 'overwrite a SOMTC entry with a SOMTC map', run: (c) => entriesMap(c).set(entryOf(c, 'SOMTC').id, newEntry('SOMTC')), allowed: ['somtc', 'chair', 'secretariat'] },
	{ action: 'overwrite a SOMTC entry with a SOM-ED map', run: (c) => entriesMap(c).set(entryOf(c, 'SOMTC').id, newEntry('SOM-ED')), allowed: ['secretariat'] },
	{ action: 'overwrite a SOM-ED entry with a SOMTC map', run: (c) => entriesMap(c).set(entryOf(c, 'SOM-ED').id, newEntry('SOMTC')), allowed: ['secretariat'] },
	{ action: 'overwrite a SOMTC entry with a string', run: (c) => (entriesMap(c) as Y.Map<unknown>).set(entryOf(c, 'SOMTC').id, 'gone'), allowed: [] },
	{ action: 'assign a lead body', run: (c) => leadsMap(c).set(cellKey('B.3', 'prevention'), 'SOM-ED'), allowed: ['chair'] },
	{ action: 'change a lead body', run: (c) => leadsMap(c).set(LEAD_CELL, 'SOM-ED'), allowed: ['chair'] },
	{ action: 'clear a lead body', run: (c) => leadsMap(c).delete(LEAD_CELL), allowed: ['chair'] },
	{ action: 'rename a category', run: (c) => categoriesArray(c).get(1).set('name', 'Research'), allowed: ['chair', 'secretariat'] },
	{
		action: 'add a provision',
		run: (c) => provisionsArray(c).push([mapOf({ id: 'E.1', part: 'D', letter: 'z', text: 'New' }) as Y.Map<string>]),
		allowed: ['chair', 'secretariat']
	},
	{ action: 'delete a provision', run: (c) => provisionsArray(c).delete(0, 1), allowed: ['chair', 'secretariat'] },
	{ action: 'edit the board title', run: (c) => metaMap(c).set('title', 'APA board, revised'), allowed: ['chair', 'secretariat'] },
	{
		action: 'SOMTC text edit batched with a SOM-ED status change',
		run: (c) =>
			c.transact(() => {
				entryOf(c, 'SOMTC').text.insert(0, 'x');
				entryOf(c, 'SOM-ED').map.set('status', 'agreed');
			}, user),
		allowed: ['secretariat']
	},
	{
		action: 'SOMTC text edit batched with a lead change',
		run: (c) =>
			c.transact(() => {
				entryOf(c, 'SOMTC').text.insert(0, 'x');
				leadsMap(c).set(LEAD_CELL, 'SOMTC');
			}, user),
		allowed: ['chair']
	},
	{ action: 'write to an unknown top-level map', run: (c) => c.getMap('secrets').set('x', 1), allowed: [] }
];

describe('authorizeUpdate: roles × actions on an open board', () => {
	let server: Y.Doc;
	beforeAll(() => {
		server = serverDoc();
	});

	for (const row of TABLE) {
		for (const how of ['diff', 'events'] as const) {
			for (const who of WHO) {
				const expected = row.allowed.includes(who);
				it(`${row.action} [${how}]: ${who} → ${expected ? 'allowed' : 'refused'}`, () => {
					const update = capture(server, row.run)[how];
					const verdict = authorizeUpdate(ACTORS[who], 'open', server, update);
					expect(verdict.ok, JSON.stringify({ verdict, touches: inspectUpdate(server, update) })).toBe(expected);
				});
			}
		}
	}
});

describe('authorizeUpdate on a finalized board', () => {
	const server = serverDoc();
	for (const row of TABLE) {
		it(`${row.action}: refused for everyone`, () => {
			const { diff, events } = capture(server, row.run);
			for (const who of WHO) {
				for (const update of [diff, events]) {
					expect(authorizeUpdate(ACTORS[who], 'finalized', server, update).ok).toBe(false);
				}
			}
		});
	}
});

describe('updates that change nothing', () => {
	const server = serverDoc();
	// Give the server's history deletions, so a client's full delete set is not empty.
	server.transact(() => entryOf(server, 'SOMTC').text.delete(0, 3), user);
	server.transact(() => entriesMap(server).delete(entryOf(server, 'SOM-ED').id), user);

	it('an empty update is allowed for observers, on open and finalized boards', () => {
		const empty = Y.encodeStateAsUpdate(new Y.Doc());
		expect(inspectUpdate(server, empty)).toEqual([]);
		for (const status of ['open', 'finalized'] as BoardStatus[]) {
			expect(authorizeUpdate(ACTORS.observer, status, server, empty)).toEqual({ ok: true });
		}
	});

	it('sync step 2 of an up-to-date client (re-sent deletions only) is allowed for observers', () => {
		const { diff } = capture(server, () => {});
		expect(Y.decodeUpdate(diff).ds.clients.size).toBeGreaterThan(0);
		expect(inspectUpdate(server, diff)).toEqual([]);
		expect(authorizeUpdate(ACTORS.observer, 'finalized', server, diff).ok).toBe(true);
	});

	it('an entry created and deleted again before sending changes nothing', () => {
		const { diff, events } = capture(server, (c) => {
			entriesMap(c).set('new-1', newEntry('SOMTC'));
			entriesMap(c).delete('new-1');
		});
		expect(inspectUpdate(server, diff)).toEqual([]);
		expect(inspectUpdate(server, events)).toEqual([]);
	});

	it('text typed and erased again before sending changes nothing', () => {
		const { diff, events } = capture(server, (c) => {
			const { text } = entryOf(c, 'SOM-ED');
			text.insert(5, 'oops');
			text.delete(5, 4);
		});
		expect(inspectUpdate(server, diff)).toEqual([]);
		expect(inspectUpdate(server, events)).toEqual([]);
	});

	it('re-sending an update the server already applied is a no-op', () => {
		const fresh = serverDoc();
		const { events } = capture(fresh, (c) => entryOf(c, 'SOM-ED').text.insert(0, 'z'));
		Y.applyUpdate(fresh, events);
		expect(inspectUpdate(fresh, events)).toEqual([]);
	});

	it('typing into an entry the server has since deleted changes nothing (Yjs collects it)', () => {
		const fresh = serverDoc();
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(fresh));
		const { id } = entryOf(fresh, 'SOMTC');
		fresh.transact(() => entriesMap(fresh).delete(id), user);
		const before = Y.encodeStateVector(fresh);
		(entriesMap(client).get(id)!.get('text') as Y.Text).insert(4, 'late');
		const update = Y.encodeStateAsUpdate(client, before);
		expect(inspectUpdate(fresh, update)).toEqual([]);
		Y.applyUpdate(fresh, update);
		expect(entriesMap(fresh).has(id)).toBe(false);
	});
});

describe('a server document loaded from stored bytes (top-level types not yet instantiated)', () => {
	const original = serverDoc();
	const stored = Y.encodeStateAsUpdate(original);
	for (const row of TABLE) {
		it(`${row.action}: same touches as on the live document`, () => {
			const loaded = new Y.Doc();
			Y.applyUpdate(loaded, stored);
			const { diff } = capture(original, row.run);
			expect(inspectUpdate(loaded, diff)).toEqual(inspectUpdate(original, diff));
		});
	}
});

describe('inspectUpdate classification', () => {
	const server = serverDoc();
	const somtc = entryOf(server, 'SOMTC');
	const somed = entryOf(server, 'SOM-ED');

	it('a keystroke touches one entry field, with the entry’s current body', () => {
		const { events } = capture(server, (c) => entryOf(c, 'SOMTC').text.insert(2, 'k'));
		expect(inspectUpdate(server, events)).toEqual([{ kind: 'entry', entryId: somtc.id, body: 'SOMTC', field: 'text' }]);
	});

	it('overwriting an entry key touches the existing entry and creates a new one', () => {
		const { diff } = capture(server, (c) => entriesMap(c).set(somed.id, newEntry('SOMTC')));
		const touches = inspectUpdate(server, diff);
		expect(touches).toContainEqual({ kind: 'entry', entryId: somed.id, body: 'SOM-ED', deleted: true, newBody: 'SOMTC' });
		expect(touches).toContainEqual({ kind: 'entry', entryId: somed.id, body: 'SOMTC', created: true });
	});

	it('a body change reports the current and the new body', () => {
		const { events } = capture(server, (c) => entryOf(c, 'SOMTC').map.set('body', 'SLOM'));
		expect(inspectUpdate(server, events)).toContainEqual({
			kind: 'entry',
			entryId: somtc.id,
			body: 'SOMTC',
			field: 'body',
			newBody: 'SLOM'
		});
	});

	it('lead and structure changes', () => {
		const { events } = capture(server, (c) =>
			c.transact(() => {
				leadsMap(c).set(cellKey('C.1', 'training'), 'DGICM');
				categoriesArray(c).get(0).set('name', 'Institutions');
				metaMap(c).set('asOf', '2017-01-01');
			}, user)
		);
		expect(inspectUpdate(server, events)).toEqual(
			expect.arrayContaining([
				{ kind: 'lead', cellKey: cellKey('C.1', 'training') },
				{ kind: 'structure', root: 'categories' },
				{ kind: 'structure', root: 'meta' }
			])
		);
	});

	it('an unknown top-level type is unknown', () => {
		const { events } = capture(server, (c) => c.getText('notes').insert(0, 'hi'));
		expect(inspectUpdate(server, events)).toEqual([{ kind: 'unknown', detail: expect.stringContaining('notes') }]);
		expect(authorizeUpdate(ACTORS.secretariat, 'open', server, events)).toMatchObject({ ok: false });
	});

	it('an update depending on operations the server lacks is refused (Yjs would apply it later, unchecked)', () => {
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const events: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => events.push(u));
		entryOf(client, 'SOM-ED').text.insert(0, 'a');
		entryOf(client, 'SOMTC').text.insert(0, 'b');
		const touches = inspectUpdate(server, events[1]);
		expect(touches.some((t) => t.kind === 'unknown')).toBe(true);
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, events[1]).ok).toBe(false);
	});

	it('a delete of clocks the server does not have is refused', () => {
		// v1: no struct groups; a delete set of one client (123) with one range, clocks 0…4.
		const bytes = Uint8Array.from([0, 1, 123, 1, 0, 5]);
		const touches = inspectUpdate(server, bytes);
		expect(touches).toEqual([{ kind: 'unknown', detail: expect.stringContaining('123') }]);
		expect(authorizeUpdate(ACTORS.secretariat, 'open', server, bytes).ok).toBe(false);
	});

	it('an empty delete range → unknown (Yjs would keep it pending)', () => {
		const bytes = Uint8Array.from([0, 1, 123, 1, 9, 0]);
		expect(inspectUpdate(server, bytes)).toEqual([{ kind: 'unknown', detail: expect.stringContaining('empty') }]);
	});

	it('garbage bytes throw; authorizeUpdate reports them as malformed', () => {
		const garbage = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
		expect(() => inspectUpdate(server, garbage)).toThrow();
		expect(authorizeUpdate(ACTORS.secretariat, 'open', server, garbage)).toMatchObject({ ok: false, malformed: true });
	});

	it('a refused update is not applied by inspecting it', () => {
		const before = Y.encodeStateVector(server);
		const { events } = capture(server, (c) => entryOf(c, 'SOMTC').text.insert(0, 'zzz'));
		authorizeUpdate(ACTORS.somed, 'open', server, events);
		expect(Y.encodeStateVector(server)).toEqual(before);
		expect(somtc.text.toString().startsWith('zzz')).toBe(false);
	});
});

/** Writes a v1 update from hand-made structs, as a malicious client could. */
function craft(groups: Array<{ client: number; clock: number; structs: Array<Y.Item | Y.GC | Y.Skip> }>, ds: Array<[number, number, number]> = []): Uint8Array {
	const enc = new Y.UpdateEncoderV1();
	encoding.writeVarUint(enc.restEncoder, groups.length);
	for (const g of groups) {
		encoding.writeVarUint(enc.restEncoder, g.structs.length);
		enc.writeClient(g.client);
		encoding.writeVarUint(enc.restEncoder, g.clock);
		for (const st of g.structs) st.write(enc, 0);
	}
	encoding.writeVarUint(enc.restEncoder, ds.length);
	for (const [client, clock, len] of ds) {
		encoding.writeVarUint(enc.restEncoder, client);
		encoding.writeVarUint(enc.restEncoder, 1);
		enc.writeDsClock(clock);
		enc.writeDsLen(len);
	}
	return enc.toUint8Array();
}

interface ItemSpec {
	origin?: Y.ID;
	rightOrigin?: Y.ID;
	/** A root name or the id of the item holding the parent type (only written without origins). */
	parent?: string | Y.ID;
	parentSub?: string;
	content: Y.ContentString | Y.ContentAny | Y.ContentType | Y.ContentDeleted;
}

function item(client: number, clock: number, spec: ItemSpec): Y.Item {
	const { origin = null, rightOrigin = null, parent = null, parentSub = null, content } = spec;
	// Item.write accepts a string parent (the "differential updates" case); its typing does not say so.
	return new Y.Item(Y.createID(client, clock), null, origin, null, rightOrigin, parent as Y.ID | null, parentSub, content);
}

/** The id of the `n`th character item of a text. */
function charId(text: Y.Text, n: number): Y.ID {
	let at = 0;
	for (let i = text._start; i !== null; i = i.right) {
		if (!i.deleted && at + i.length > n) return Y.createID(i.id.client, i.id.clock + (n - at));
		if (!i.deleted) at += i.length;
	}
	throw new Error('out of range');
}

describe('crafted updates', () => {
	const server = serverDoc();
	const somtc = entryOf(server, 'SOMTC');
	const somed = entryOf(server, 'SOM-ED');
	const entryItemId = (id: string) => entriesMap(server)._map.get(id)!.id;
	const C = 4242;
	const kinds = (u: Uint8Array) => expectTouchesCover(server, u).map((t) => t.kind);

	it('a hand-written insertion next to a SOMTC character is a SOMTC text edit', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { origin: charId(somtc.text, 3), content: new Y.ContentString('x') })] }]);
		expect(expectTouchesCover(server, u)).toEqual([{ kind: 'entry', entryId: somtc.id, body: 'SOMTC', field: 'text' }]);
		expect(authorizeUpdate(ACTORS.somed, 'open', server, u).ok).toBe(false);
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, u).ok).toBe(true);
	});

	it('a field write addressed by the entry map’s id is attributed to that entry', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { parent: entryItemId(somtc.id), parentSub: 'status', content: new Y.ContentAny(['agreed']) })] }]);
		expect(expectTouchesCover(server, u)).toEqual([{ kind: 'entry', entryId: somtc.id, body: 'SOMTC', field: 'status' }]);
		expect(authorizeUpdate(ACTORS.somed, 'open', server, u).ok).toBe(false);
	});

	it('origin and right origin in different entries → unknown', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { origin: charId(somed.text, 2), rightOrigin: charId(somtc.text, 2), content: new Y.ContentString('x') })] }]);
		expect(kinds(u)).toEqual(['unknown']);
	});

	it('a parent id that is not a shared type → unknown', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { parent: charId(somtc.text, 0), parentSub: 'x', content: new Y.ContentAny([1]) })] }]);
		expect(kinds(u)).toEqual(['unknown']);
	});

	it('a non-map value under an entry id → unknown (and the replaced entry is reported)', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { parent: 'entries', parentSub: somtc.id, content: new Y.ContentAny(['x']) })] }]);
		expect(kinds(u)).toEqual(['unknown']);
	});

	it('a deleted placeholder written under an entry id deletes that entry', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { parent: 'entries', parentSub: somed.id, content: new Y.ContentDeleted(1) })] }]);
		expect(expectTouchesCover(server, u)).toEqual([{ kind: 'entry', entryId: somed.id, body: 'SOM-ED', deleted: true }]);
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, u).ok).toBe(false);
	});

	it('a reference forward within the same client → unknown', () => {
		const u = craft([
			{
				client: C,
				clock: 0,
				structs: [
					item(C, 0, { origin: Y.createID(C, 1), content: new Y.ContentString('a') }),
					item(C, 1, { origin: charId(somtc.text, 0), content: new Y.ContentString('b') })
				]
			}
		]);
		expect(kinds(u)).toContain('unknown');
	});

	it('an origin the server does not have → unknown', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { origin: Y.createID(999, 7), content: new Y.ContentString('x') })] }]);
		expect(kinds(u)).toEqual(['unknown']);
	});

	it('a client listed twice → unknown', () => {
		const a = item(C, 0, { origin: charId(somtc.text, 0), content: new Y.ContentString('a') });
		const b = item(C, 0, { origin: charId(somtc.text, 0), content: new Y.ContentString('b') });
		const u = craft([
			{ client: C, clock: 0, structs: [a] },
			{ client: 77, clock: 0, structs: [item(77, 0, { origin: charId(somtc.text, 1), content: new Y.ContentString('c') })] },
			{ client: C, clock: 0, structs: [b] }
		]);
		expect(kinds(u)).toContain('unknown');
	});

	it('a Skip followed by content → unknown (it would wait as pending)', () => {
		const u = craft([
			{
				client: C,
				clock: 0,
				structs: [new Y.Skip(Y.createID(C, 0), 3), item(C, 3, { origin: charId(somtc.text, 0), content: new Y.ContentString('x') })]
			}
		]);
		expect(kinds(u)).toEqual(['unknown']);
	});

	it('GC structs alone change nothing', () => {
		const u = craft([{ client: C, clock: 0, structs: [new Y.GC(Y.createID(C, 0), 5)] }]);
		expect(expectTouchesCover(server, u)).toEqual([]);
		expect(authorizeUpdate(ACTORS.observer, 'finalized', server, u).ok).toBe(true);
	});

	it('an item next to a GC struct of the same update changes nothing', () => {
		const u = craft([
			{
				client: C,
				clock: 0,
				structs: [new Y.GC(Y.createID(C, 0), 2), item(C, 2, { origin: Y.createID(C, 1), content: new Y.ContentString('x') })]
			}
		]);
		expect(expectTouchesCover(server, u)).toEqual([]);
	});

	it('an erased body write that would win removes the body: a re-attribution', () => {
		const current = somtc.map._map.get('body')!;
		const u = craft(
			[
				{
					client: C,
					clock: 0,
					structs: [
						item(C, 0, { origin: current.id, content: new Y.ContentAny(['SOMTC']) }),
						item(C, 1, { origin: Y.createID(C, 0), content: new Y.ContentAny(['SOMTC']) })
					]
				}
			],
			[[C, 1, 1]]
		);
		expect(expectTouchesCover(server, u)).toContainEqual({ kind: 'entry', entryId: somtc.id, body: 'SOMTC', field: 'body', deleted: true });
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, u).ok).toBe(false);
		expect(authorizeUpdate(ACTORS.secretariat, 'open', server, u).ok).toBe(true);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
		Y.applyUpdate(copy, u);
		expect(entriesMap(copy).get(somtc.id)!.has('body')).toBe(false);
	});

	it('body writes that do not form one chain: every possible outcome is checked', () => {
		const current = somtc.map._map.get('body')!;
		const u = craft(
			[
				{
					client: C,
					clock: 0,
					structs: [
						item(C, 0, { origin: current.id, content: new Y.ContentAny(['SOMTC']) }),
						item(C, 1, { parent: entryItemId(somtc.id), parentSub: 'body', content: new Y.ContentAny(['SOMTC']) })
					]
				}
			],
			[[C, 1, 1]]
		);
		expectTouchesCover(server, u);
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, u).ok).toBe(false);
	});

	it('deleting the current body without writing one is a re-attribution', () => {
		const current = somtc.map._map.get('body')!;
		const u = craft([], [[current.id.client, current.id.clock, 1]]);
		expect(expectTouchesCover(server, u)).toEqual([{ kind: 'entry', entryId: somtc.id, body: 'SOMTC', field: 'body', deleted: true }]);
		expect(authorizeUpdate(ACTORS.somtc, 'open', server, u).ok).toBe(false);
	});

	it('a list item inserted into the leads map → unknown', () => {
		const u = craft([{ client: C, clock: 0, structs: [item(C, 0, { parent: 'leads', content: new Y.ContentAny(['SOMTC']) })] }]);
		expect(kinds(u)).toEqual(['unknown']);
	});
});

/** What visibly changed between two snapshots of a board. */
function visibleChanges(before: BoardView, after: BoardView) {
	const entries = new Set<string>();
	const bodies = new Set<string>();
	const b = new Map(before.entries.map((e) => [e.id, e]));
	const a = new Map(after.entries.map((e) => [e.id, e]));
	for (const id of new Set([...b.keys(), ...a.keys()])) {
		if (JSON.stringify(b.get(id)) !== JSON.stringify(a.get(id))) entries.add(id);
		if (b.get(id)?.body !== a.get(id)?.body) bodies.add(id);
	}
	const leads = new Set<string>();
	for (const k of new Set([...Object.keys(before.leads), ...Object.keys(after.leads)])) {
		if (before.leads[k] !== after.leads[k]) leads.add(k);
	}
	const structure = new Set<string>();
	if (before.title !== after.title || before.asOf !== after.asOf) structure.add('meta');
	for (const root of ['parts', 'categories', 'provisions'] as const) {
		if (JSON.stringify(before[root]) !== JSON.stringify(after[root])) structure.add(root);
	}
	return { entries, bodies, leads, structure };
}

/** Applies `update` to a copy of `server` and checks that the touches account for every visible change. */
function expectTouchesCover(server: Y.Doc, update: Uint8Array): Touch[] {
	const touches = inspectUpdate(server, update);
	// Refused anyway; applying some of these would leave pending structs or throw inside Yjs.
	if (touches.some((t) => t.kind === 'unknown')) return touches;
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
	const before = readBoard(copy);
	Y.applyUpdate(copy, update);
	const changed = visibleChanges(before, readBoard(copy));
	const entryTouches = touches.filter((t) => t.kind === 'entry');
	for (const id of changed.entries) expect(entryTouches.map((t) => t.entryId), `entry ${id} changed`).toContain(id);
	for (const id of changed.bodies) {
		expect(
			entryTouches.some((t) => t.entryId === id && (t.field === 'body' || t.newBody !== undefined || t.created || t.deleted)),
			`body of ${id} changed`
		).toBe(true);
	}
	for (const k of changed.leads) expect(touches).toContainEqual({ kind: 'lead', cellKey: k });
	for (const r of changed.structure) expect(touches).toContainEqual({ kind: 'structure', root: r });
	expect([...copy.share.keys()].filter((k) => !['meta', 'parts', 'categories', 'provisions', 'entries', 'leads'].includes(k))).toEqual([]);
	expect(copy.store.pendingStructs).toBeNull();
	expect(copy.store.pendingDs).toBeNull();
	return touches;
}

describe('touches account for every visible change (applied to a copy)', () => {
	const server = serverDoc();
	for (const row of TABLE) {
		it(row.action, () => {
			const { diff, events } = capture(server, row.run);
			const touches = expectTouchesCover(server, diff);
			expect(touches.length).toBeGreaterThan(0);
			expectTouchesCover(server, events);
		});
	}
});

describe('performance', () => {
	it('authorizes a single-keystroke update well under a millisecond', () => {
		const server = serverDoc();
		const { events } = capture(server, (c) => entryOf(c, 'SOMTC').text.insert(20, 'k'));
		const times: number[] = [];
		for (let i = 0; i < 1000; i++) {
			const t0 = performance.now();
			authorizeUpdate(ACTORS.somtc, 'open', server, events);
			times.push(performance.now() - t0);
		}
		times.sort((a, b) => a - b);
		const median = times[500];
		console.log(`authorizeUpdate, one keystroke on the seeded board: median ${(median * 1000).toFixed(1)} µs, p99 ${(times[990] * 1000).toFixed(1)} µs`);
		expect(median).toBeLessThan(2);
	});

	it('inspects a long offline session (sync step 2 with a large delete set) quickly', () => {
		const server = serverDoc();
		const { diff } = capture(server, (c) => {
			const texts = [...entriesMap(c).values()].filter((m) => m.get('body') === 'SOMTC').map((m) => m.get('text') as Y.Text);
			for (let i = 0; i < 2000; i++) {
				const t = texts[i % texts.length];
				if (i % 3 === 2) t.delete(i % t.length, 1);
				else t.insert(i % t.length, 'k');
			}
		});
		const t0 = performance.now();
		const verdict = authorizeUpdate(ACTORS.somtc, 'open', server, diff);
		expect(verdict).toEqual({ ok: true });
		expect(performance.now() - t0).toBeLessThan(100);
	});
});

describe('authorizeUpdate while a meeting runs (the chair’s one-click “agreed”)', () => {
	const server = serverDoc();
	const MEETING: Array<{ action: string; run: (c: Y.Doc) => void; allowed: Who[] }> = [
		{ action: 'mark a SOM-ED entry agreed', run: (c) => entryOf(c, 'SOM-ED').map.set('status', 'agreed'), allowed: ['somed', 'chair', 'secretariat'] },
		{ action: 'clear a SOM-ED entry’s status', run: (c) => entryOf(c, 'SOM-ED').map.delete('status'), allowed: ['somed', 'chair', 'secretariat'] },
		{ action: 'type into a SOM-ED entry', run: (c) => entryOf(c, 'SOM-ED').text.insert(5, 'y'), allowed: ['somed', 'secretariat'] },
		{ action: 'flag a SOM-ED entry uncertain', run: (c) => entryOf(c, 'SOM-ED').map.set('uncertain', true), allowed: ['somed', 'secretariat'] },
		{
			action: 'mark a SOM-ED entry agreed and edit its text in one batch',
			run: (c) =>
				c.transact(() => {
					entryOf(c, 'SOM-ED').map.set('status', 'agreed');
					entryOf(c, 'SOM-ED').text.insert(0, 'x');
				}, user),
			allowed: ['somed', 'secretariat']
		},
		{ action: 'create a SOM-ED entry', run: (c) => entriesMap(c).set('new-1', newEntry('SOM-ED')), allowed: ['somed', 'secretariat'] },
		{ action: 'delete a SOM-ED entry', run: (c) => entriesMap(c).delete(entryOf(c, 'SOM-ED').id), allowed: ['somed', 'secretariat'] }
	];
	for (const row of MEETING) {
		for (const who of WHO) {
			const expected = row.allowed.includes(who);
			it(`${row.action}: ${who} → ${expected ? 'allowed' : 'refused'} during a meeting`, () => {
				for (const update of Object.values(capture(server, row.run))) {
					expect(authorizeUpdate(ACTORS[who], 'open', server, update, { meetingRunning: true }).ok).toBe(expected);
				}
			});
		}
	}
	it('without a meeting the chair may not set a SOM-ED entry’s status; on a finalized board nobody may, meeting or not', () => {
		const { diff, events } = capture(server, (c) => entryOf(c, 'SOM-ED').map.set('status', 'agreed'));
		for (const update of [diff, events]) {
			expect(authorizeUpdate(ACTORS.chair, 'open', server, update)).toEqual({ ok: false, reason: 'Only SOM-ED delegates can edit SOM-ED entries.' });
			expect(authorizeUpdate(ACTORS.chair, 'open', server, update, { meetingRunning: false }).ok).toBe(false);
			for (const who of WHO) expect(authorizeUpdate(ACTORS[who], 'finalized', server, update, { meetingRunning: true }).ok).toBe(false);
		}
	});
});
