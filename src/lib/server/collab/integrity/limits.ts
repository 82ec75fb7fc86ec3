import * as Y from 'yjs';
import type { Place } from './locate';
import type { DictSpec, ListSpec, TextSpec } from './schema';
import type { UpdateIndex } from './update-index';

type Bounded = DictSpec | ListSpec | TextSpec;

interface Growth {
	spec: Bounded;
	place: Place;
	/** Lists and texts: clocks the update adds there and does not delete itself. */
	added: number;
	/** Dictionaries: keys the update writes a live value under. */
	keys: Set<string>;
}

/**
 * Counts what an update adds to bounded containers (lists, dictionaries,
 * texts) and checks the totals after the update: the document's current
 * count, minus what the update's delete set removes there, plus what it adds.
 * The removals are only counted for a container that would otherwise be over
 * its bound, so an ordinary keystroke costs no walk over the container.
 */
export class Limits {
	readonly #doc: Y.Doc;
	readonly #index: UpdateIndex;
	readonly #growth = new Map<Y.Item | string, Growth>();

	constructor(doc: Y.Doc, index: UpdateIndex) {
		this.#doc = doc;
		this.#index = index;
	}

	/** Records an update item already checked to fit `place`. */
	add(item: Y.Item, place: Place): void {
		const spec = place.container;
		if (spec.kind === 'record' || item.content instanceof Y.ContentDeleted) return;
		const [start, end] = this.#index.newClocks(item);
		const live = end - start - this.#index.deletedWithin(item.id.client, start, end);
		if (live <= 0) return;
		const id = place.holder ?? place.root;
		let growth = this.#growth.get(id);
		if (!growth) this.#growth.set(id, (growth = { spec, place, added: 0, keys: new Set() }));
		if (place.key !== null) growth.keys.add(place.key);
		else growth.added += live;
	}

	/** The first container the update would push over its bound, as a close reason; null if none. */
	check(): string | null {
		for (const { spec, place, added, keys } of this.#growth.values()) {
			const type = this.#typeOf(place);
			if (spec.kind === 'dict') {
				const total = type ? dictTotal(type, keys, spec.maxCount, (item) => this.#erased(item)) : keys.size;
				if (total > spec.maxCount) return `${place.path} would hold ${total} keys, more than ${spec.maxCount}`;
				continue;
			}
			const max = spec.kind === 'list' ? spec.maxCount : spec.maxLength;
			let total = (type?._length ?? 0) + added;
			if (total > max && type) total -= this.#removedFrom(type);
			if (total > max) return `${place.path} would hold ${total} ${spec.kind === 'text' ? 'characters' : 'items'}, more than ${max}`;
		}
		return null;
	}

	/** The container's type in the document; null when the update creates it. */
	#typeOf(place: Place): Y.AbstractType<unknown> | null {
		if (place.holder === null) return (this.#doc.share.get(place.root) as Y.AbstractType<unknown> | undefined) ?? null;
		const { holder } = place;
		const inDoc = holder.id.clock < this.#index.docState(holder.id.client);
		return inDoc && holder.content instanceof Y.ContentType ? holder.content.type : null;
	}

	/** Visible length the update's delete set removes from a list or text of the document. */
	#removedFrom(type: Y.AbstractType<unknown>): number {
		let removed = 0;
		for (let item = type._start; item !== null; item = item.right) {
			if (!item.deleted && item.countable) removed += this.#index.deletedWithin(item.id.client, item.id.clock, item.id.clock + item.length);
		}
		return removed;
	}

	#erased(item: Y.Item): boolean {
		return this.#index.deletedWithin(item.id.client, item.id.clock, item.id.clock + item.length) === item.length;
	}
}

/**
 * Keys live after the update: the keys it writes, plus the document's live
 * keys it does not overwrite or delete. Cheap bounds first: `_map` holds
 * deleted keys too, so its size is an upper bound of the live ones.
 */
function dictTotal(type: Y.AbstractType<unknown>, written: Set<string>, max: number, erased: (item: Y.Item) => boolean): number {
	if (written.size + type._map.size <= max) return written.size + type._map.size;
	let live = 0;
	for (const [key, item] of type._map) if (!item.deleted && !written.has(key)) live++;
	if (written.size + live <= max) return written.size + live;
	for (const [key, item] of type._map) if (!item.deleted && !written.has(key) && erased(item)) live--;
	return written.size + live;
}
