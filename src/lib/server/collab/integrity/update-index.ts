import * as Y from 'yjs';
import type { DecodedUpdate } from './decode';

/** A struct that occupies clocks once integrated (Skip structs never are). */
export type Placed = Y.Item | Y.GC;

/** Where an id was found: in the server's document, or among the update's own structs. */
export interface Found {
	struct: Placed;
	inDoc: boolean;
}

/**
 * A decoded update indexed against the server's document the way
 * `Y.applyUpdate` would integrate it (yjs 13.6 `integrateStructs`): per
 * client, structs below the document's state are already known and skipped;
 * a struct starting beyond the state (after a Skip or a gap) would wait in
 * `pendingStructs` and be applied later, unchecked, so it is a problem.
 * (Adapted from the former permissions inspector's `DecodedUpdate`.)
 */
export class UpdateIndex {
	/** Items Yjs would integrate (wholly or their unknown tail), in update order. */
	readonly items: Y.Item[] = [];
	/** Items the document already holds in full: Yjs only resolves their references. */
	readonly present: Y.Item[] = [];
	/** Why Yjs would not integrate the update at once (each is a refusal). */
	readonly problems: string[] = [];
	readonly #doc: Y.Doc;
	readonly #ds: DecodedUpdate['ds'];
	/** Per client, the structs Yjs would integrate, in clock order. */
	readonly #byClient = new Map<number, Placed[]>();
	/**
	 * True when the update builds on operations neither the server nor the
	 * update has: an honest client's edit that overtook what it sends in its
	 * sync step 2 (typing as a socket reopens), not a malformed one.
	 */
	missing = false;
	readonly #states = new Map<number, number>();
	readonly #merged = new Map<number, Array<[number, number]>>();

	constructor(doc: Y.Doc, decoded: DecodedUpdate) {
		this.#doc = doc;
		this.#ds = decoded.ds;
		const seen = new Set<number>();
		let current = -1;
		let clock = 0;
		let stuck = false;
		for (const s of decoded.structs) {
			const client = s.id.client;
			if (client !== current) {
				// Yjs keeps only the last group of a client that appears twice; refuse rather than guess.
				if (seen.has(client)) this.problems.push(`client ${client} appears twice in the update`);
				seen.add(client);
				current = client;
				clock = this.docState(client);
				stuck = false;
			}
			// A zero-length struct does not advance the clock: Yjs's binary searches assume it always does.
			if (s.length === 0) this.problems.push(`the update holds an empty struct at ${client}:${s.id.clock}`);
			if (s instanceof Y.Skip || stuck) continue;
			const struct = s as Placed;
			if (struct.id.clock > clock) {
				this.problems.push(`client ${client} skips clocks ${clock}…${struct.id.clock - 1}: the update depends on operations the server does not have`);
				this.missing = true;
				stuck = true;
				continue;
			}
			const end = struct.id.clock + struct.length;
			if (end <= clock) {
				if (struct instanceof Y.Item) this.present.push(struct);
				continue;
			}
			let list = this.#byClient.get(client);
			if (!list) this.#byClient.set(client, (list = []));
			list.push(struct);
			if (struct instanceof Y.Item) this.items.push(struct);
			clock = end;
		}
		this.#checkDeletes();
	}

	/** The server document's next clock for `client` (cached: the document does not change meanwhile). */
	docState(client: number): number {
		let state = this.#states.get(client);
		if (state === undefined) this.#states.set(client, (state = Y.getState(this.#doc.store, client)));
		return state;
	}

	/** The struct holding `id`: the document's if it has that clock, else one the update integrates; null if neither. */
	find(id: Y.ID): Found | null {
		if (id.clock < this.docState(id.client)) {
			// getState > clock means the client's struct list covers 0…state-1 without holes.
			const structs = this.#doc.store.clients.get(id.client) as Placed[];
			return { struct: structs[Y.findIndexSS(structs, id.clock)], inDoc: true };
		}
		const struct = this.#findInUpdate(id.client, id.clock);
		return struct ? { struct, inDoc: false } : null;
	}

	/** The clocks of an update struct the document does not have yet: [start, end). */
	newClocks(struct: Placed): [number, number] {
		return [Math.max(struct.id.clock, this.docState(struct.id.client)), struct.id.clock + struct.length];
	}

	/** How many clocks of [clock, end) of `client` the update's delete set deletes. */
	deletedWithin(client: number, clock: number, end: number): number {
		const ranges = this.#mergedDeletes(client);
		let lo = 0;
		let hi = ranges.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ranges[mid][1] <= clock) lo = mid + 1;
			else hi = mid;
		}
		let deleted = 0;
		for (let i = lo; i < ranges.length && ranges[i][0] < end; i++) {
			deleted += Math.min(end, ranges[i][1]) - Math.max(clock, ranges[i][0]);
		}
		return deleted;
	}

	/**
	 * Deletions of clocks neither the document nor the update has would wait in
	 * `pendingDs` and hit whatever later arrives under those ids.
	 */
	#checkDeletes(): void {
		for (const client of this.#ds.clients.keys()) {
			const state = this.docState(client);
			for (const [start, end] of this.#mergedDeletes(client)) {
				if (end > state && !this.#covers(client, Math.max(start, state), end)) {
					this.problems.push(`the update deletes operations of client ${client} the server does not have`);
					this.missing = true;
					return;
				}
			}
		}
	}

	#covers(client: number, clock: number, end: number): boolean {
		while (clock < end) {
			const s = this.#findInUpdate(client, clock);
			if (!s) return false;
			clock = s.id.clock + s.length;
		}
		return true;
	}

	/** A client's delete ranges sorted and merged: a crafted delete set need be neither. */
	#mergedDeletes(client: number): Array<[number, number]> {
		let merged = this.#merged.get(client);
		if (merged) return merged;
		merged = [];
		const sorted = [...(this.#ds.clients.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
		for (const { clock, len } of sorted) {
			const last = merged[merged.length - 1];
			if (last && clock <= last[1]) last[1] = Math.max(last[1], clock + len);
			else if (len > 0) merged.push([clock, clock + len]);
		}
		this.#merged.set(client, merged);
		return merged;
	}

	#findInUpdate(client: number, clock: number): Placed | null {
		const list = this.#byClient.get(client);
		if (!list) return null;
		let lo = 0;
		let hi = list.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const s = list[mid];
			if (clock < s.id.clock) hi = mid - 1;
			else if (clock >= s.id.clock + s.length) lo = mid + 1;
			else return s;
		}
		return null;
	}
}
