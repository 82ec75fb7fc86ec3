import * as Y from 'yjs';

/** A struct that occupies clocks once integrated (Skip structs never are). */
export type Struct = Y.Item | Y.GC;

/** Where an id was found: in the server's document, or among the update's own structs. */
export interface Found {
	struct: Struct;
	inDoc: boolean;
}

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * A v1 update decoded without applying it, indexed against the server's
 * document the way `Y.applyUpdate` would integrate it (yjs 13.6
 * `integrateStructs`): per client, structs below the document's state are
 * already known and skipped; a struct starting beyond the state (after a Skip
 * or a gap) would wait in `pendingStructs` and be applied later, unchecked, so
 * it is reported as a problem instead.
 */
export class DecodedUpdate {
	/** Items Yjs would integrate (wholly or their unknown tail). */
	readonly items: Y.Item[] = [];
	/** Items the document already holds in full: Yjs only resolves their references. */
	readonly present: Y.Item[] = [];
	readonly ds: DeleteSet;
	/** Reasons the update cannot be classified (each becomes an `unknown` touch). */
	readonly problems: string[] = [];
	readonly #doc: Y.Doc;
	/** Per client, the structs Yjs would integrate, in clock order. */
	readonly #byClient = new Map<number, Struct[]>();
	readonly #states = new Map<number, number>();
	readonly #merged = new Map<number, Array<[number, number]>>();

	/** Throws on bytes that are not a v1 update (the caller closes the connection). */
	constructor(doc: Y.Doc, update: Uint8Array) {
		this.#doc = doc;
		const { structs, ds } = Y.decodeUpdate(update);
		this.ds = ds;
		const seen = new Set<number>();
		let current = -1;
		let clock = 0;
		let stuck = false;
		for (const s of structs) {
			const client = s.id.client;
			if (client !== current) {
				// Yjs keeps only the last group of a client that appears twice; we refuse rather than guess.
				if (seen.has(client)) this.problems.push(`client ${client} appears twice in the update`);
				seen.add(client);
				current = client;
				clock = this.docState(client);
				stuck = false;
			}
			if (s instanceof Y.Skip || stuck) continue;
			const struct = s as Struct;
			if (struct.id.clock > clock) {
				this.problems.push(`client ${client} skips clocks ${clock}…${struct.id.clock - 1}: the update depends on operations the server does not have`);
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
	}

	/** The server document's next clock for `client` (cached: the document does not change meanwhile). */
	docState(client: number): number {
		let state = this.#states.get(client);
		if (state === undefined) this.#states.set(client, (state = Y.getState(this.#doc.store, client)));
		return state;
	}

	/**
	 * The struct holding `id`: the document's if it has that clock, else one the
	 * update integrates; null if neither (Yjs would leave the referring struct pending).
	 */
	find(id: Y.ID): Found | null {
		if (id.clock < this.docState(id.client)) {
			// Safe: getState > clock means the client's struct list covers 0…state-1 without holes.
			const structs = this.#doc.store.clients.get(id.client) as Struct[];
			return { struct: structs[Y.findIndexSS(structs, id.clock)], inDoc: true };
		}
		const struct = this.#findInUpdate(id.client, id.clock);
		return struct ? { struct, inDoc: false } : null;
	}

	/** Whether the update integrates every clock in [clock, end) of `client`. */
	covers(client: number, clock: number, end: number): boolean {
		while (clock < end) {
			const s = this.#findInUpdate(client, clock);
			if (!s) return false;
			clock = s.id.clock + s.length;
		}
		return true;
	}

	/**
	 * Whether the update's own delete set deletes every clock of `struct` (a
	 * merged update may delete only part of an inserted run).
	 */
	erases(struct: Struct): boolean {
		const ranges = this.#mergedDeletes(struct.id.client);
		const clock = struct.id.clock;
		let lo = 0;
		let hi = ranges.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const [start, end] = ranges[mid];
			if (clock < start) hi = mid - 1;
			else if (clock >= end) lo = mid + 1;
			else return clock + struct.length <= end;
		}
		return false;
	}

	/** A client's delete ranges sorted and merged: a crafted delete set need be neither. */
	#mergedDeletes(client: number): Array<[number, number]> {
		let merged = this.#merged.get(client);
		if (merged) return merged;
		merged = [];
		const sorted = [...(this.ds.clients.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
		for (const { clock, len } of sorted) {
			const last = merged[merged.length - 1];
			if (last && clock <= last[1]) last[1] = Math.max(last[1], clock + len);
			else if (len > 0) merged.push([clock, clock + len]);
		}
		this.#merged.set(client, merged);
		return merged;
	}

	#findInUpdate(client: number, clock: number): Struct | null {
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
