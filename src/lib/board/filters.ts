import { ENTRY_STATUSES, cellKey, type EntryStatus } from './doc';
import { entriesByCell, type BoardView, type EntryView, type ProvisionView } from './view';

/** What the board is filtered by; every field is reflected in the page URL. */
export interface BoardFilters {
	bodies: string[];
	pillar: 'APSC' | 'ASCC' | null;
	categories: string[];
	statuses: EntryStatus[];
	text: string;
	/** Only rows with gaps of these kinds (none: no gap filter). */
	gaps: GapKind[];
}

/**
 * The two kinds of gap, kept apart because they mean different work: a cell
 * with no entries needs a body to propose an activity; a cell with entries
 * but no lead needs the chair to assign one. (An empty cell needs entries
 * before a lead makes sense, so it is not also a "no lead" gap.)
 */
export const GAP_KINDS = ['entries', 'lead'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** The gap a cell is, from its entry count and lead; null when it has both. */
export function cellGap(entries: number, lead: string | null | undefined): GapKind | null {
	if (entries === 0) return 'entries';
	return lead ? null : 'lead';
}

export const NO_FILTERS: BoardFilters = { bodies: [], pillar: null, categories: [], statuses: [], text: '', gaps: [] };

/** `gaps=entries,lead`; the older `gaps=1` ("any gap") reads as both kinds. */
function parseGaps(params: URLSearchParams): GapKind[] {
	const values = list(params, 'gaps');
	if (values.includes('1')) return [...GAP_KINDS];
	return GAP_KINDS.filter((kind) => values.includes(kind));
}

function list(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

/** Reads filters from a URL's search params; unknown values are dropped, never an error. */
export function parseFilters(params: URLSearchParams): BoardFilters {
	const pillar = params.get('pillar');
	return {
		bodies: list(params, 'body'),
		pillar: pillar === 'APSC' || pillar === 'ASCC' ? pillar : null,
		categories: list(params, 'category'),
		statuses: list(params, 'status').filter((s): s is EntryStatus => (ENTRY_STATUSES as readonly string[]).includes(s)),
		text: (params.get('q') ?? '').slice(0, 200),
		gaps: parseGaps(params)
	};
}

/** The search string that reproduces `filters` (empty when nothing is filtered). */
export function filtersToSearch(filters: BoardFilters): string {
	const params = new URLSearchParams();
	if (filters.bodies.length) params.set('body', filters.bodies.join(','));
	if (filters.pillar) params.set('pillar', filters.pillar);
	if (filters.categories.length) params.set('category', filters.categories.join(','));
	if (filters.statuses.length) params.set('status', filters.statuses.join(','));
	if (filters.text.trim()) params.set('q', filters.text.trim());
	if (filters.gaps.length) params.set('gaps', filters.gaps.join(','));
	const search = params.toString();
	return search ? `?${search}` : '';
}

export function isFiltered(f: BoardFilters): boolean {
	return f.bodies.length > 0 || !!f.pillar || f.categories.length > 0 || f.statuses.length > 0 || !!f.text.trim() || f.gaps.length > 0;
}

/** Filters on entries (body, pillar, status, text); categories and gaps act on cells. */
function entryFilterActive(f: BoardFilters): boolean {
	return f.bodies.length > 0 || !!f.pillar || f.statuses.length > 0 || !!f.text.trim();
}

export function entryMatches(entry: EntryView, f: BoardFilters, pillarOf: (body: string) => string | undefined): boolean {
	if (f.bodies.length && !f.bodies.includes(entry.body)) return false;
	if (f.pillar && pillarOf(entry.body) !== f.pillar) return false;
	if (f.statuses.length && !f.statuses.includes(entry.status)) return false;
	const q = f.text.trim().toLowerCase();
	if (q && !entry.text.toLowerCase().includes(q)) return false;
	return true;
}

export interface FilteredBoard {
	/** Entries to show, by cellKey. */
	cells: Map<string, EntryView[]>;
	/** Category ids whose columns are shown. */
	categories: Set<string>;
	/** Provision ids whose rows are shown. */
	provisions: Set<string>;
	/** Cells that are gaps of either kind, by cellKey. */
	gaps: Set<string>;
	/** The kind of each gap cell, by cellKey. */
	gapKind: Map<string, GapKind>;
}

/**
 * Applies the filters to a board: which entries, columns and rows to show.
 * A provision text match keeps its whole row; with entry filters on, rows
 * without a matching entry are hidden; a gap filter keeps rows with a gap of its kind.
 */
export function applyFilters(
	view: BoardView,
	cells: Map<string, EntryView[]>,
	f: BoardFilters,
	pillarOf: (body: string) => string | undefined
): FilteredBoard {
	const categories = new Set(
		view.categories.map((c) => c.id).filter((id) => !f.categories.length || f.categories.includes(id))
	);
	const q = f.text.trim().toLowerCase();
	const entryFilter = entryFilterActive(f);
	const shownCells = new Map<string, EntryView[]>();
	const provisions = new Set<string>();
	const gaps = new Set<string>();
	const gapKind = new Map<string, GapKind>();
	for (const p of view.provisions) {
		const provisionMatches = !!q && provisionText(p).includes(q);
		let rowHasMatch = false;
		let rowHasGap = false;
		for (const c of view.categories) {
			const key = cellKey(p.id, c.id);
			const all = cells.get(key) ?? [];
			const gap = cellGap(all.length, view.leads[key]);
			if (gap) {
				gaps.add(key);
				gapKind.set(key, gap);
			}
			if (!categories.has(c.id)) continue;
			if (gap && f.gaps.includes(gap)) rowHasGap = true;
			const shown = entryFilter && !provisionMatches ? all.filter((e) => entryMatches(e, f, pillarOf)) : all;
			if (shown.length) shownCells.set(key, shown);
			if (shown.length) rowHasMatch = true;
		}
		const visible = (!entryFilter || rowHasMatch || provisionMatches) && (!f.gaps.length || rowHasGap);
		if (visible) provisions.add(p.id);
	}
	return { cells: shownCells, categories, provisions, gaps, gapKind };
}

/**
 * `next` with every part equal to `prev`'s replaced by `prev`'s object (each
 * cell's list, the sets, the gap kinds), so what depends on an unchanged part
 * is not recomputed: a keystroke in one cell touches that cell only.
 */
export function stableFiltered(prev: FilteredBoard | undefined, next: FilteredBoard): FilteredBoard {
	if (!prev) return next;
	const cells = new Map<string, EntryView[]>();
	for (const [key, list] of next.cells) {
		const old = prev.cells.get(key);
		cells.set(key, old && old.length === list.length && old.every((e, i) => e === list[i]) ? old : list);
	}
	return {
		cells,
		categories: sameSet(prev.categories, next.categories) ? prev.categories : next.categories,
		provisions: sameSet(prev.provisions, next.provisions) ? prev.provisions : next.provisions,
		gaps: sameSet(prev.gaps, next.gaps) ? prev.gaps : next.gaps,
		gapKind: prev.gapKind.size === next.gapKind.size && [...next.gapKind].every(([k, v]) => prev.gapKind.get(k) === v) ? prev.gapKind : next.gapKind
	};
}

/** One filtering: what it read and what it gave, for {@link refilter} to start from. */
export interface FilterRun {
	view: BoardView;
	filters: BoardFilters;
	result: FilteredBoard;
	/** Whether the result was patched from the last run (else filtered again). */
	patched: boolean;
	/**
	 * How many runs so far placed entries anew (filtered again: an entry added, removed or moved, a filter changed).
	 * A patched run keeps every shown entry in its cell, so what depends only on where entries are (the grid's row
	 * height estimates) stands while this count does.
	 */
	placements: number;
}

/**
 * The board filtered, starting from the last run. When `view` differs from the last one only in entries' contents
 * (same structure, leads and filters, the same entries in the same cells and order, each kept or dropped by the
 * filters as before: a keystroke), only the lists of the cells touched are replaced; otherwise it filters again.
 * Either way the result equals `stableFiltered(last, applyFilters(…))`; on a board of 5,000 entries the first way
 * costs a pass of identity checks instead of grouping and filtering every entry.
 */
export function refilter(last: FilterRun | undefined, view: BoardView, f: BoardFilters, pillarOf: (body: string) => string | undefined): FilterRun {
	const patched = last && patchFiltered(last, view, f, pillarOf);
	if (patched) return { view, filters: f, result: patched, patched: true, placements: last.placements };
	const result = stableFiltered(last?.result, applyFilters(view, entriesByCell(view.entries), f, pillarOf));
	return { view, filters: f, result, patched: false, placements: (last?.placements ?? 0) + 1 };
}

function patchFiltered(last: FilterRun, view: BoardView, f: BoardFilters, pillarOf: (body: string) => string | undefined): FilteredBoard | null {
	const before = last.view;
	if (view === before && f === last.filters) return last.result;
	if (filtersToSearch(f) !== filtersToSearch(last.filters)) return null;
	if (view.provisions !== before.provisions || view.categories !== before.categories || view.leads !== before.leads) return null;
	if (view.entries.length !== before.entries.length) return null;
	const changed: [EntryView, EntryView][] = [];
	for (let i = 0; i < view.entries.length; i++) {
		const [was, now] = [before.entries[i], view.entries[i]];
		if (was === now) continue;
		const samePlace = was.id === now.id && was.provision === now.provision && was.category === now.category && was.order === now.order;
		if (!samePlace || entryMatches(was, f, pillarOf) !== entryMatches(now, f, pillarOf)) return null;
		changed.push([was, now]);
	}
	if (changed.length === 0) return last.result;
	const cells = new Map(last.result.cells);
	for (const [was, now] of changed) {
		const key = cellKey(now.provision, now.category);
		const list = cells.get(key);
		const at = list?.indexOf(was) ?? -1;
		if (at === -1) continue; // not shown (filtered out, or its column hidden)
		const next = list!.slice();
		next[at] = now;
		cells.set(key, next);
	}
	return { ...last.result, cells };
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
	return a.size === b.size && [...b].every((x) => a.has(x));
}

function provisionText(p: ProvisionView): string {
	return `${p.part}.${p.letter} ${p.text}`.toLowerCase();
}
