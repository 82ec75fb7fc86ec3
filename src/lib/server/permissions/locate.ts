import * as Y from 'yjs';
import type { DecodedUpdate, Found } from './decoded-update';

/** The board's top-level types (see `$lib/board/doc`); any other name is refused. */
export const KNOWN_ROOTS: ReadonlySet<string> = new Set(['meta', 'parts', 'categories', 'provisions', 'entries', 'leads']);

/**
 * Where an item lives, from the root down. For an entry's text character:
 * root 'entries', top = the entry map's item (topKey = entry id), field =
 * 'text', depth 3.
 */
export interface Loc {
	root: string;
	/** The item held directly by the root type (the item itself at depth 1). */
	top: Y.Item;
	topInDoc: boolean;
	/** The top item's map key (entry id, cell key); null in a root array. */
	topKey: string | null;
	/** Map key of the depth-2 ancestor (an entry's field); null at depth 1. */
	field: string | null;
	depth: number;
	/** The item holding this item's parent type; null when the parent is the root. */
	holder: Y.Item | null;
	/** This item's own map key (its parentSub, resolved as Yjs would). */
	key: string | null;
}

export type Resolution =
	| { kind: 'ok'; loc: Loc }
	/** Yjs would integrate it as a GC struct: it changes nothing visible. */
	| { kind: 'gc' }
	| { kind: 'unknown'; detail: string };

const GC: Resolution = { kind: 'gc' };
const unknown = (detail: string): Resolution => ({ kind: 'unknown', detail });
const IN_PROGRESS: Resolution = unknown('its parent chain refers back to itself');

function idText(id: Y.ID): string {
	return `${id.client}:${id.clock}`;
}

/**
 * Resolves items of the server document and of a decoded update to their
 * location, following `Item.getMissing` (yjs 13.6): an update item's parent is
 * a root name, or the id of the item holding its parent type, or — when it
 * has an origin or right origin — copied from the left (else right) neighbour,
 * and a GC neighbour or holder turns the item into GC.
 */
export class Locator {
	readonly #doc: Y.Doc;
	readonly #update: DecodedUpdate;
	readonly #memo = new Map<Y.Item, Resolution>();
	#rootNames: Map<Y.AbstractType<unknown>, string> | null = null;

	constructor(doc: Y.Doc, update: DecodedUpdate) {
		this.#doc = doc;
		this.#update = update;
	}

	/** The location of a found struct (document or update). */
	of(found: Found): Resolution {
		if (found.struct instanceof Y.GC) return GC;
		return found.inDoc ? this.docItem(found.struct) : this.updateItem(found.struct);
	}

	/** The location of an item already integrated in the server document. */
	docItem(item: Y.Item): Resolution {
		const known = this.#memo.get(item);
		if (known) return known;
		const parent = item.parent;
		let res: Resolution;
		if (!(parent instanceof Y.AbstractType)) res = unknown(`document item ${idText(item.id)} has no parent type`);
		else if (parent._item === null) res = this.#atRoot(this.#rootName(parent), item, true, item.parentSub);
		else res = child(this.docItem(parent._item), parent._item, item.parentSub);
		this.#memo.set(item, res);
		return res;
	}

	/** The location an update item would be integrated at. */
	updateItem(item: Y.Item): Resolution {
		const known = this.#memo.get(item);
		if (known) return known;
		this.#memo.set(item, IN_PROGRESS);
		const res = this.#resolveUpdateItem(item);
		this.#memo.set(item, res);
		return res;
	}

	/** The struct `id` refers to, or why it cannot be used. */
	refer(from: Y.Item, id: Y.ID, role: string): Found | { detail: string } {
		const found = this.#update.find(id);
		if (!found) return { detail: `${role} ${idText(id)} of ${idText(from.id)} is in neither the document nor the update` };
		// Yjs integrates a client's structs in clock order without checking: a forward reference throws mid-transaction.
		if (!found.inDoc && id.client === from.id.client && id.clock >= from.id.clock) {
			return { detail: `${role} ${idText(id)} of ${idText(from.id)} points forward` };
		}
		return found;
	}

	#resolveUpdateItem(item: Y.Item): Resolution {
		// Decoded, not integrated: `parent` is a root name (string), an ID, or null (copy from neighbours).
		const parent = item.parent as unknown;
		if (typeof parent === 'string') return this.#atRoot(parent, item, false, item.parentSub);
		if (parent instanceof Y.ID) {
			const found = this.refer(item, parent, 'parent');
			if (!('struct' in found)) return unknown(found.detail);
			const holder = found.struct;
			if (holder instanceof Y.GC || holder.content instanceof Y.ContentDeleted) return GC;
			if (!(holder.content instanceof Y.ContentType)) return unknown(`parent ${idText(parent)} is not a shared type`);
			return child(this.of(found), holder, item.parentSub);
		}
		if (parent !== null) return unknown(`item ${idText(item.id)} has an unreadable parent`);
		const left = item.origin ? this.refer(item, item.origin, 'origin') : null;
		const right = item.rightOrigin ? this.refer(item, item.rightOrigin, 'right origin') : null;
		if (left && !('struct' in left)) return unknown(left.detail);
		if (right && !('struct' in right)) return unknown(right.detail);
		if (!left && !right) return unknown(`item ${idText(item.id)} has neither parent nor neighbours`);
		const leftRes = left ? this.of(left) : null;
		const rightRes = right ? this.of(right) : null;
		if (leftRes?.kind === 'gc' || rightRes?.kind === 'gc') return GC;
		const from = (leftRes ?? rightRes) as Resolution;
		if (from.kind !== 'ok') return from;
		if (rightRes && rightRes.kind !== 'ok') return rightRes;
		if (rightRes && leftRes && !sameContainer(rightRes.loc, from.loc)) {
			return unknown(`origin and right origin of ${idText(item.id)} are in different containers`);
		}
		// A sibling shares the neighbour's container and map key; at depth 1 it is its own top.
		return from.loc.depth === 1 ? { kind: 'ok', loc: { ...from.loc, top: item, topInDoc: false } } : from;
	}

	#atRoot(name: string | null, item: Y.Item, inDoc: boolean, key: string | null): Resolution {
		if (name === null || !KNOWN_ROOTS.has(name)) return unknown(`unknown top-level type "${name ?? '?'}"`);
		return { kind: 'ok', loc: { root: name, top: item, topInDoc: inDoc, topKey: key, field: null, depth: 1, holder: null, key } };
	}

	#rootName(type: Y.AbstractType<unknown>): string | null {
		if (!this.#rootNames) {
			this.#rootNames = new Map();
			for (const [name, t] of this.#doc.share) this.#rootNames.set(t as Y.AbstractType<unknown>, name);
		}
		return this.#rootNames.get(type) ?? null;
	}
}

function child(up: Resolution, holder: Y.Item, key: string | null): Resolution {
	if (up.kind !== 'ok') return up;
	const l = up.loc;
	return {
		kind: 'ok',
		loc: { ...l, field: l.depth === 1 ? key : l.field, depth: l.depth + 1, holder, key }
	};
}

function sameContainer(a: Loc, b: Loc): boolean {
	return a.root === b.root && a.holder === b.holder && a.key === b.key;
}
