import * as Y from 'yjs';
import { DecodedUpdate } from './decoded-update';
import { bodyOf, bodyOutcome } from './entry-bodies';
import { Locator, type Loc } from './locate';

/** The top-level types only the chair and the secretariat may change. */
export type StructureRoot = 'meta' | 'parts' | 'categories' | 'provisions';

/** One thing an update would change, resolved against the server's document. */
export type Touch =
	| {
			kind: 'entry';
			entryId: string;
			/** The entry's body in the server's document; for a new entry, the body it is created with ('' if none). */
			body: string;
			/** The entry's field (`text`, `status`, `body`…); absent when the entry itself is created, replaced or deleted. */
			field?: string;
			created?: boolean;
			deleted?: boolean;
			/** The body written by this update (a `body` field write, or the body of a map replacing the entry). */
			newBody?: string;
	  }
	| { kind: 'lead'; cellKey: string }
	| { kind: 'structure'; root: StructureRoot }
	/** Anything not resolvable to a known root or entry: the caller refuses the update. */
	| { kind: 'unknown'; detail: string };

type EntryTouch = Extract<Touch, { kind: 'entry' }>;

/**
 * Lists what `update` (Yjs v1) would change if applied to `doc`, without
 * applying it: insertions, map overwrites, deletions of live document items,
 * and `unknown` for anything that cannot be classified (unknown top-level
 * names, references to operations the server lacks, which Yjs would keep
 * pending and apply later unchecked). No-ops (content the document already
 * has, deletions of deleted or collected items, items Yjs would integrate as
 * GC) yield nothing, so an empty list means the update changes nothing.
 *
 * Throws if the bytes are not a v1 update.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): Touch[] {
	const decoded = new DecodedUpdate(doc, update);
	const locator = new Locator(doc, decoded);
	const out = new Touches();
	for (const detail of decoded.problems) out.add({ kind: 'unknown', detail });
	if (doc.store.pendingStructs || doc.store.pendingDs) {
		out.add({ kind: 'unknown', detail: 'the server document has pending operations an update could release' });
	}
	for (const item of decoded.present) checkReferences(locator, item, out);

	const located: Array<[Y.Item, Loc]> = [];
	for (const item of decoded.items) {
		if (item.content instanceof Y.ContentDoc) {
			out.add({ kind: 'unknown', detail: 'subdocuments are not part of a board' });
			continue;
		}
		const res = locator.updateItem(item);
		if (res.kind === 'unknown') out.add({ kind: 'unknown', detail: res.detail });
		else if (res.kind === 'ok') located.push([item, res.loc]);
	}

	const ctx: Context = { doc, decoded, out, bodies: new Map() };
	for (const [item, loc] of located) if (isBodyKey(loc)) bodyKey(ctx, loc.top).writes.push(item);
	for (const [item, loc] of located) classifyInsert(ctx, item, loc);
	classifyDeletes(ctx, locator);
	for (const [entry, key] of ctx.bodies) if (isInDoc(ctx, entry)) classifyBody(ctx, entry, key);
	return out.list;
}

interface BodyKey {
	writes: Y.Item[];
	deletes: Y.Item[];
}

interface Context {
	doc: Y.Doc;
	decoded: DecodedUpdate;
	out: Touches;
	/** Per entry map item: the update's writes to its `body` key and the document items deleted there. */
	bodies: Map<Y.Item, BodyKey>;
}

function isBodyKey(loc: Loc): boolean {
	return loc.root === 'entries' && loc.depth === 2 && loc.key === 'body';
}

function bodyKey(ctx: Context, entry: Y.Item): BodyKey {
	let key = ctx.bodies.get(entry);
	if (!key) ctx.bodies.set(entry, (key = { writes: [], deletes: [] }));
	return key;
}

function isInDoc(ctx: Context, entry: Y.Item): boolean {
	return entry.id.clock < ctx.decoded.docState(entry.id.client);
}

/** Items the document already has: Yjs still resolves their references, and throws on a bad one. */
function checkReferences(locator: Locator, item: Y.Item, out: Touches): void {
	const parent = item.parent as unknown;
	const ids = [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null];
	for (const id of ids) {
		if (!id) continue;
		const found = locator.refer(item, id, 'reference');
		if (!('struct' in found)) out.add({ kind: 'unknown', detail: found.detail });
	}
}

function classifyInsert(ctx: Context, item: Y.Item, loc: Loc): void {
	const { out } = ctx;
	// Content inserted already deleted (typed and erased offline, or deleted later in the same update).
	const erased = item.content instanceof Y.ContentDeleted || ctx.decoded.erases(item);
	// In a list that is invisible; under a map key it still deletes the key's current value (Item.integrate).
	if (erased && loc.key === null) return;
	if (loc.root !== 'entries') return classifyOther(loc, out);
	if (loc.topKey === null) return out.add({ kind: 'unknown', detail: 'list content in the entries map' });
	const entryId = loc.topKey;
	if (loc.depth === 1) return classifyEntry(ctx, item, entryId, erased);
	// Inside an entry created by this update: covered by its creation touch. Body writes: see classifyBody.
	if (!loc.topInDoc || isBodyKey(loc)) return;
	if (loc.field === null) return out.add({ kind: 'unknown', detail: `list content in entry ${entryId}` });
	out.add({ kind: 'entry', entryId, body: bodyOf(loc.top), field: loc.field });
}

/** An item set directly under `entries`: a new entry, which replaces the key's current one if any. */
function classifyEntry(ctx: Context, item: Y.Item, entryId: string, erased: boolean): void {
	const isMap = item.content instanceof Y.ContentType && item.content.type instanceof Y.Map;
	if (!erased && !isMap) return ctx.out.add({ kind: 'unknown', detail: `entries.${entryId} would not be a map` });
	let created: string[] = [];
	if (!erased) {
		const outcome = bodyOutcome(ctx.decoded, ctx.bodies.get(item)?.writes ?? [], [], null);
		if ('detail' in outcome) return ctx.out.add({ kind: 'unknown', detail: outcome.detail });
		created = [...new Set(outcome.values.map((v) => v ?? ''))];
	}
	const current = ctx.doc.share.get('entries')?._map.get(entryId);
	if (current && !current.deleted) {
		const replaced: EntryTouch = { kind: 'entry', entryId, body: bodyOf(current), deleted: true };
		if (created.length === 1) replaced.newBody = created[0];
		ctx.out.add(replaced);
	}
	for (const body of created) ctx.out.add({ kind: 'entry', entryId, body, created: true });
}

/** The `body` key of an existing entry, written or deleted by the update. */
function classifyBody(ctx: Context, entry: Y.Item, key: BodyKey): void {
	const entryId = entry.parentSub as string;
	if (!(entry.content instanceof Y.ContentType)) return ctx.out.add({ kind: 'unknown', detail: `entry ${entryId} is not a map` });
	const body = bodyOf(entry);
	const outcome = bodyOutcome(ctx.decoded, key.writes, key.deletes, entry.content.type._map.get('body') ?? null);
	if ('detail' in outcome) return ctx.out.add({ kind: 'unknown', detail: outcome.detail });
	for (const value of outcome.values) {
		if (value === null) ctx.out.add({ kind: 'entry', entryId, body, field: 'body', deleted: true });
		else ctx.out.add({ kind: 'entry', entryId, body, field: 'body', newBody: value });
	}
}

function classifyOther(loc: Loc, out: Touches): void {
	if (loc.root === 'leads') {
		if (loc.topKey === null) out.add({ kind: 'unknown', detail: 'list content in the leads map' });
		else out.add({ kind: 'lead', cellKey: loc.topKey });
	} else out.add({ kind: 'structure', root: loc.root as StructureRoot });
}

/** Deletions of live document items; deletions of the update's own items are covered by their insertion touch. */
function classifyDeletes(ctx: Context, locator: Locator): void {
	const { decoded, out } = ctx;
	for (const [client, ranges] of decoded.ds.clients) {
		const state = decoded.docState(client);
		const structs = ctx.doc.store.clients.get(client) ?? [];
		for (const { clock, len } of ranges) {
			// No encoder writes one; Yjs would keep one beyond the state as a pending delete.
			if (len <= 0) {
				out.add({ kind: 'unknown', detail: `empty delete range at ${client}:${clock}` });
				continue;
			}
			const end = clock + len;
			if (end > state && !decoded.covers(client, Math.max(clock, state), end)) {
				// Yjs would keep this as a pending delete and apply it to whatever arrives later.
				out.add({ kind: 'unknown', detail: `deletes ${client}:${Math.max(clock, state)}…${end - 1}, which the server does not have` });
			}
			if (clock >= state) continue;
			for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
				const s = structs[i];
				if (s instanceof Y.GC || s.deleted) continue;
				const res = locator.docItem(s);
				if (res.kind === 'unknown') out.add({ kind: 'unknown', detail: res.detail });
				else if (res.kind === 'ok') classifyDelete(ctx, s, res.loc);
			}
		}
	}
}

function classifyDelete(ctx: Context, item: Y.Item, loc: Loc): void {
	if (loc.root !== 'entries') return classifyOther(loc, ctx.out);
	if (loc.topKey === null) return ctx.out.add({ kind: 'unknown', detail: 'list content in the entries map' });
	if (isBodyKey(loc)) return void bodyKey(ctx, loc.top).deletes.push(item);
	const touch: EntryTouch = { kind: 'entry', entryId: loc.topKey, body: bodyOf(loc.top), deleted: true };
	if (loc.depth > 1) {
		if (loc.field === null) return ctx.out.add({ kind: 'unknown', detail: `list content in entry ${loc.topKey}` });
		touch.field = loc.field;
	}
	ctx.out.add(touch);
}

/** The touches found so far, without duplicates (a long text edit touches one field once). */
class Touches {
	readonly list: Touch[] = [];
	readonly #seen = new Set<string>();

	add(touch: Touch): void {
		const key = JSON.stringify(touch);
		if (this.#seen.has(key)) return;
		this.#seen.add(key);
		this.list.push(touch);
	}
}
