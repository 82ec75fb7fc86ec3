import type * as Y from 'yjs';
import { bodyDocName, bodyOfDocName, entriesMap, PLAN_DOC, type BoardDocs } from './doc';
import { byOrder, readBodyEntries, readEntry, readPlan, type BoardView, type EntryView, type PlanView } from './view';

/**
 * Reads a live board again after changes, re-reading only what changed and
 * keeping every part of the view that did not change the same object as in
 * the previous read. A rune-reactive page compares by identity, so a
 * keystroke in one entry re-renders that entry, not the board: this is what
 * keeps typing fast while twenty other delegates type (`npm run bench --
 * keystroke`).
 *
 * Told the transaction, a change inside entries of a body (their text,
 * progress, cell…) re-reads only those entries, and patches them into the
 * previous view in place; anything else (an entry added or removed, a new
 * order, the plan) re-reads the documents that changed.
 *
 *     const reader = new BoardReader();
 *     doc.on('update', (_u, _o, _d, transaction) => reader.changed(name, transaction));
 *     const view = reader.read(docs); // the previous view's objects where nothing changed
 */
export class BoardReader {
	#plan: PlanView | undefined;
	/** Each body's entries by id, as last read. */
	readonly #bodies = new Map<string, Map<string, EntryView>>();
	/** Documents to read again whole. */
	readonly #dirty = new Set<string>();
	/** Per body: the entries changed inside, the body's list of entries itself unchanged. */
	readonly #touched = new Map<string, Set<string>>();
	#all = true;
	#view: BoardView | undefined;
	/** Where each entry is in the view's `entries`. */
	#index = new Map<string, number>();

	/** Marks one document (by name) as changed since the last read; with its transaction, only what it touched. */
	changed(docName: string, transaction?: Y.Transaction): void {
		const body = bodyOfDocName(docName);
		const ids = body && transaction && !this.#dirty.has(docName) ? touchedEntries(transaction) : null;
		if (!ids) {
			this.#dirty.add(docName);
			if (body) this.#touched.delete(body);
			return;
		}
		if (ids.size === 0) return;
		const touched = this.#touched.get(body!);
		if (touched) for (const id of ids) touched.add(id);
		else this.#touched.set(body!, ids);
	}

	/** Marks everything as changed (e.g. a document was replaced). */
	changedAll(): void {
		this.#all = true;
	}

	read(docs: BoardDocs): BoardView {
		if (this.#view && !this.#all && this.#dirty.size === 0 && this.#touched.size === 0) return this.#view;
		const patched = !this.#all && this.#dirty.size === 0 ? this.#patch(docs) : null;
		if (patched) {
			this.#touched.clear();
			return (this.#view = patched);
		}
		for (const body of this.#touched.keys()) this.#dirty.add(bodyDocName(body));
		this.#touched.clear();
		const planChanged = this.#all || !this.#plan || this.#dirty.has(PLAN_DOC);
		if (planChanged) this.#plan = readPlan(docs.plan);
		const plan = this.#plan!;
		const present = new Set<string>();
		for (const [code, doc] of docs.bodies) {
			present.add(code);
			// The plan's decisions join every body's entries: a plan change re-reads them all.
			if (planChanged || this.#dirty.has(bodyDocName(code)) || !this.#bodies.has(code)) {
				this.#bodies.set(code, new Map(readBodyEntries(code, doc, plan.decisions).map((e) => [e.id, e])));
			}
		}
		for (const code of this.#bodies.keys()) if (!present.has(code)) this.#bodies.delete(code);
		this.#all = false;
		this.#dirty.clear();
		const { decisions: _decisions, ...structure } = plan;
		const entries: EntryView[] = [];
		for (const list of this.#bodies.values()) for (const e of list.values()) entries.push(e);
		entries.sort(byOrder);
		this.#view = stableView(this.#view, { ...structure, entries });
		this.#index = new Map(this.#view.entries.map((e, i) => [e.id, i]));
		return this.#view;
	}

	/** The last view with the touched entries read again, or null when one of them may have moved in the order. */
	#patch(docs: BoardDocs): BoardView | null {
		const view = this.#view;
		if (!view || !this.#plan) return null;
		let entries: EntryView[] | undefined;
		for (const [code, ids] of this.#touched) {
			const doc = docs.bodies.get(code);
			const list = this.#bodies.get(code);
			if (!doc || !list) return null;
			const maps = entriesMap(doc);
			for (const id of ids) {
				const m = maps.get(id);
				const at = this.#index.get(id);
				if (!m || at === undefined || !list.has(id)) return null;
				const was = view.entries[at];
				const now = readEntry(id, code, m, this.#plan.decisions[id]);
				if (sameEntry(was, now)) continue;
				if (now.order !== was.order) return null;
				list.set(id, now);
				(entries ??= view.entries.slice())[at] = now;
			}
		}
		return entries ? { ...view, entries } : view;
	}
}

/**
 * The ids of the entries whose contents a transaction on a body document changed, or null when it changed the
 * list of entries itself (one added, removed or replaced) or anything outside the entries.
 */
function touchedEntries(transaction: Y.Transaction): Set<string> | null {
	const entries = entriesMap(transaction.doc);
	const ids = new Set<string>();
	for (const type of transaction.changed.keys()) {
		let inner = type;
		while (inner._item && inner._item.parent !== entries) inner = inner._item.parent as typeof inner;
		const key = inner._item?.parentSub;
		if (!key) return null;
		ids.add(key);
	}
	return ids;
}

/**
 * `next`, with every part equal to `prev`'s replaced by `prev`'s own object:
 * entries one by one (and the list when all are the same), the structure's
 * lists, the leads, and the whole view when nothing changed.
 */
export function stableView(prev: BoardView | undefined, next: BoardView): BoardView {
	if (!prev) return next;
	const byId = new Map(prev.entries.map((e) => [e.id, e]));
	const entries = next.entries.map((e) => {
		const old = byId.get(e.id);
		return old && sameEntry(old, e) ? old : e;
	});
	const view: BoardView = {
		title: next.title,
		asOf: next.asOf,
		parts: stableList(prev.parts, next.parts),
		categories: stableList(prev.categories, next.categories),
		provisions: stableList(prev.provisions, next.provisions),
		entries: sameItems(prev.entries, entries) ? prev.entries : entries,
		leads: sameRecord(prev.leads, next.leads) ? prev.leads : next.leads
	};
	const unchanged = (Object.keys(view) as (keyof BoardView)[]).every((k) => view[k] === prev[k]);
	return unchanged ? prev : view;
}

function sameEntry(a: EntryView, b: EntryView): boolean {
	for (const key of Object.keys(b) as (keyof EntryView)[]) if (key !== 'decision' && a[key] !== b[key]) return false;
	if (Object.keys(a).length !== Object.keys(b).length) return false;
	const [x, y] = [a.decision, b.decision];
	return x === y || (!!x && !!y && x.state === y.state && x.by === y.by && x.at === y.at && x.meeting === y.meeting);
}

/** `next` with items equal (shallowly) to `prev`'s at the same place taken from `prev`; `prev` itself when all are. */
export function stableList<T extends object>(prev: T[], next: T[]): T[] {
	const list = next.map((item, i) => (i < prev.length && (prev[i] === item || sameRecord(prev[i], item)) ? prev[i] : item));
	return sameItems(prev, list) ? prev : list;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
	return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameRecord(a: object, b: object): boolean {
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	return ka.length === kb.length && kb.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
