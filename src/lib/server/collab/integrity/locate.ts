import * as Y from 'yjs';
import { typeNameOf, type Container, type Slot } from './schema';
import type { Found, UpdateIndex } from './update-index';

/** Where an item is, in terms of the data model. */
export interface Place {
	root: string;
	/** The container (shared type) the item is directly in. */
	container: Container;
	/** The container's identity: the item holding it, or null for the root type itself. */
	holder: Y.Item | null;
	/** The item's map key (its parentSub as Yjs would resolve it); null in a list or text. */
	key: string | null;
	/** The container's path for messages, e.g. `entries.abc.text`. */
	path: string;
}

export type Resolution =
	| { kind: 'ok'; place: Place }
	/** Yjs would integrate it as a GC struct: it changes nothing visible. */
	| { kind: 'gc' }
	| { kind: 'bad'; detail: string };

/** The characters of a text: its only slot. */
export const CHARS = { kind: 'chars' } as const;

const GC: Resolution = { kind: 'gc' };
const PENDING: Resolution = { kind: 'bad', detail: 'pending' };
const bad = (detail: string): Resolution => ({ kind: 'bad', detail });
const idText = (id: Y.ID) => `${id.client}:${id.clock}`;

/** What may sit directly in `container` under `key`; null if nothing may. */
export function slotOf(container: Container, key: string | null): Slot | typeof CHARS | null {
	switch (container.kind) {
		case 'record':
			return key !== null && Object.hasOwn(container.fields, key) ? container.fields[key] : null;
		case 'dict':
			return key !== null && key.length <= container.maxKey ? container.value : null;
		case 'list':
			return key === null ? container.item : null;
		case 'text':
			return key === null ? CHARS : null;
	}
}

const TYPE_CLASSES = { map: Y.Map, array: Y.Array, text: Y.Text } as const;

/** Whether a shared type is exactly the class a container is held in (not a subclass such as Y.XmlText). */
export function isTypeOf(type: Y.AbstractType<unknown>, container: Container): boolean {
	return type.constructor === TYPE_CLASSES[typeNameOf(container)];
}

/**
 * Resolves document and update items to their place in the data model,
 * following `Item.getMissing` (yjs 13.6): an update item's parent is a root
 * name, or the id of the item holding its parent type, or — when it has an
 * origin or right origin — copied from the left (else right) neighbour; a GC
 * neighbour or holder turns the item into GC. Resolution uses an explicit
 * stack, never recursion: a crafted update can chain any number of items
 * through origins or nest types thousands deep. Each item is resolved once.
 */
export class Locator {
	readonly #index: UpdateIndex;
	readonly #roots: ReadonlyMap<string, Container>;
	readonly #rootNames = new Map<Y.AbstractType<unknown>, string>();
	readonly #memo = new Map<Y.Item, Resolution>();

	constructor(doc: Y.Doc, index: UpdateIndex, roots: ReadonlyMap<string, Container>) {
		this.#index = index;
		this.#roots = roots;
		for (const [name, type] of doc.share) this.#rootNames.set(type as Y.AbstractType<unknown>, name);
	}

	/** The struct `id` refers to, or why Yjs could not use it. */
	refer(from: Y.Item, id: Y.ID, role: string): Found | { detail: string } {
		const found = this.#index.find(id);
		if (!found) {
			this.#index.missing = true;
			return { detail: `${role} ${idText(id)} of ${idText(from.id)} is in neither the document nor the update` };
		}
		// Yjs integrates a client's structs in clock order without checking: a forward reference throws mid-transaction.
		if (!found.inDoc && id.client === from.id.client && id.clock >= from.id.clock) {
			return { detail: `${role} ${idText(id)} of ${idText(from.id)} points forward` };
		}
		return found;
	}

	/** The place an update item would be integrated at. */
	updateItem(item: Y.Item): Resolution {
		const stack = [item];
		while (stack.length > 0) {
			const current = stack[stack.length - 1];
			const state = this.#memo.get(current);
			if (state !== undefined && state !== PENDING) {
				stack.pop();
				continue;
			}
			const step = this.#step(current);
			if (!Array.isArray(step)) {
				this.#memo.set(current, step);
				stack.pop();
			} else if (state === PENDING || step.some((dep) => this.#memo.get(dep) === PENDING)) {
				// Revisited with dependencies still open, or depending on an item below it on the stack.
				this.#memo.set(current, bad(`the parent chain of ${idText(current.id)} refers back to itself`));
				stack.pop();
			} else {
				this.#memo.set(current, PENDING);
				stack.push(...step);
			}
		}
		return this.#memo.get(item) as Resolution;
	}

	/** The place of an item already integrated in the server document (walks up its holders, no recursion). */
	docItem(item: Y.Item): Resolution {
		const chain: Y.Item[] = [];
		let cur = item;
		let res: Resolution;
		for (;;) {
			const known = this.#memo.get(cur);
			if (known) {
				res = known;
				break;
			}
			const parent = cur.parent;
			if (!(parent instanceof Y.AbstractType) || parent._item === null) {
				res = parent instanceof Y.AbstractType
					? this.#atRoot(this.#rootNames.get(parent) ?? null, cur.parentSub)
					: bad(`document item ${idText(cur.id)} has no parent type`);
				this.#memo.set(cur, res);
				break;
			}
			chain.push(cur);
			cur = parent._item;
		}
		// `cur` is resolved and holds chain[last], which holds chain[last - 1]…
		for (let i = chain.length - 1; i >= 0; i--) {
			res = inside(res, cur, chain[i].parentSub);
			this.#memo.set(chain[i], res);
			cur = chain[i];
		}
		return res;
	}

	/** Resolves `item` now, or lists the update items to resolve first. */
	#step(item: Y.Item): Resolution | Y.Item[] {
		// Decoded, not integrated: `parent` is a root name (string), an ID, or null (copy from neighbours).
		const parent = item.parent as unknown;
		if (typeof parent === 'string') return this.#atRoot(parent, item.parentSub);
		if (parent instanceof Y.ID) {
			const found = this.refer(item, parent, 'parent');
			if (!('struct' in found)) return bad(found.detail);
			const up = this.#of(found);
			if (up === null) return [found.struct as Y.Item];
			return inside(up, found.struct, item.parentSub);
		}
		if (parent !== null) return bad(`item ${idText(item.id)} has an unreadable parent`);
		const left = item.origin ? this.refer(item, item.origin, 'origin') : null;
		const right = item.rightOrigin ? this.refer(item, item.rightOrigin, 'right origin') : null;
		if (left && !('struct' in left)) return bad(left.detail);
		if (right && !('struct' in right)) return bad(right.detail);
		if (!left && !right) return bad(`item ${idText(item.id)} has neither parent nor neighbours`);
		const leftRes = left ? this.#of(left) : undefined;
		const rightRes = right ? this.#of(right) : undefined;
		const open = [leftRes === null ? left : null, rightRes === null ? right : null].filter((f) => f !== null);
		if (open.length > 0) return open.map((f) => f.struct as Y.Item);
		if (leftRes?.kind === 'gc' || rightRes?.kind === 'gc') return GC;
		const from = (leftRes ?? rightRes) as Resolution;
		if (from.kind !== 'ok') return from;
		if (rightRes && rightRes.kind !== 'ok') return rightRes;
		if (leftRes && rightRes?.kind === 'ok' && !sameContainer(rightRes.place, from.place)) {
			return bad(`origin and right origin of ${idText(item.id)} are in different containers`);
		}
		// A neighbour's sibling: same container, same map key.
		return from;
	}

	/** A found struct's resolution if known now; null for an update item not resolved yet. */
	#of(found: Found): Resolution | null {
		if (found.struct instanceof Y.GC) return GC;
		if (found.inDoc) return this.docItem(found.struct);
		const known = this.#memo.get(found.struct);
		return known && known !== PENDING ? known : null;
	}

	#atRoot(name: string | null, key: string | null): Resolution {
		const container = name === null ? undefined : this.#roots.get(name);
		if (!container || name === null) return bad(`unknown top-level type "${name ?? '?'}"`);
		return { kind: 'ok', place: { root: name, container, holder: null, key, path: name } };
	}
}

/** The place of an item whose parent type is held by `holder` (at `up`). */
function inside(up: Resolution, holder: Y.Item | Y.GC, key: string | null): Resolution {
	if (up.kind !== 'ok') return up;
	// Yjs makes the children of a collected or deleted-content holder GC (`getMissing`, `integrate`).
	if (holder instanceof Y.GC || holder.content instanceof Y.ContentDeleted) return GC;
	const { place } = up;
	const path = place.key === null ? `${place.path}[]` : `${place.path}.${place.key}`;
	const slot = slotOf(place.container, place.key);
	if (!(holder.content instanceof Y.ContentType)) return bad(`${path} is not a shared type`);
	if (slot === null || !('name' in slot) || !isTypeOf(holder.content.type, slot)) return bad(`${path} holds no shared types here`);
	return { kind: 'ok', place: { root: place.root, container: slot, holder, key, path } };
}

function sameContainer(a: Place, b: Place): boolean {
	return a.root === b.root && a.holder === b.holder && a.key === b.key;
}
