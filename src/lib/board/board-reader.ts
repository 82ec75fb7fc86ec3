import { bodyDocName, PLAN_DOC, type BoardDocs } from './doc';
import { byOrder, readBodyEntries, readPlan, type BoardView, type EntryView, type PlanView } from './view';

/**
 * Reads a live board again after changes, re-reading only the documents that
 * changed and keeping every part of the view that did not change the same
 * object as in the previous read. A rune-reactive page compares by identity,
 * so a keystroke in one entry re-renders that entry, not the board: this is
 * what keeps typing fast while twenty other delegates type (`npm run bench
 * -- keystroke`).
 *
 *     const reader = new BoardReader();
 *     doc.on('update', () => reader.changed(name));
 *     const view = reader.read(docs); // the previous view's objects where nothing changed
 */
export class BoardReader {
	#plan: PlanView | undefined;
	readonly #bodies = new Map<string, EntryView[]>();
	readonly #dirty = new Set<string>();
	#all = true;
	#view: BoardView | undefined;

	/** Marks one document (by name) as changed since the last read. */
	changed(docName: string): void {
		this.#dirty.add(docName);
	}

	/** Marks everything as changed (e.g. a document was replaced). */
	changedAll(): void {
		this.#all = true;
	}

	read(docs: BoardDocs): BoardView {
		if (this.#view && !this.#all && this.#dirty.size === 0) return this.#view;
		const planChanged = this.#all || !this.#plan || this.#dirty.has(PLAN_DOC);
		if (planChanged) this.#plan = readPlan(docs.plan);
		const plan = this.#plan!;
		const present = new Set<string>();
		for (const [code, doc] of docs.bodies) {
			present.add(code);
			// The plan's decisions join every body's entries: a plan change re-reads them all.
			if (planChanged || this.#dirty.has(bodyDocName(code)) || !this.#bodies.has(code)) this.#bodies.set(code, readBodyEntries(code, doc, plan.decisions));
		}
		for (const code of this.#bodies.keys()) if (!present.has(code)) this.#bodies.delete(code);
		this.#all = false;
		this.#dirty.clear();
		const { decisions: _decisions, ...structure } = plan;
		const entries = Array.from(this.#bodies.values()).flat().sort(byOrder);
		this.#view = stableView(this.#view, { ...structure, entries });
		return this.#view;
	}
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
	const list = next.map((item, i) => (i < prev.length && sameRecord(prev[i], item) ? prev[i] : item));
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
