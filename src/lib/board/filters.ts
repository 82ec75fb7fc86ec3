import { ENTRY_STATUSES, cellKey, type EntryStatus } from './doc';
import type { BoardView, EntryView, ProvisionView } from './view';

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

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
	return a.size === b.size && [...b].every((x) => a.has(x));
}

function provisionText(p: ProvisionView): string {
	return `${p.part}.${p.letter} ${p.text}`.toLowerCase();
}
