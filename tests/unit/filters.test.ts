import { describe, expect, it } from 'vitest';
import { applyFilters, filtersToSearch, NO_FILTERS, parseFilters, refilter, type BoardFilters } from '$lib/board/filters';
import { BoardReader } from '$lib/board/board-reader';
import { bodyDocName, cellKey } from '$lib/board/doc';
import { entriesByCell, readBoard, type EntryView } from '$lib/board/view';
import { setDecision, setEntryProgress, setEntryText, setLead } from '$lib/board/mutations';
import { seededDocs, seeds } from '../helpers/seeded-doc';

const pillars = new Map(seeds().bodies.bodies.map((b) => [b.code, b.pillar]));
const pillarOf = (code: string) => pillars.get(code);

function run(patch: Partial<BoardFilters>, docs = seededDocs()) {
	const view = readBoard(docs);
	return { view, result: applyFilters(view, entriesByCell(view.entries), { ...NO_FILTERS, ...patch }, pillarOf) };
}

describe('filters in the URL', () => {
	it('round-trips every filter through the search string', () => {
		const filters: BoardFilters = {
			bodies: ['SOMTC', 'SOM-ED'],
			pillar: 'ASCC',
			categories: ['research'],
			statuses: ['agreed'],
			text: 'youth campaign',
			gaps: ['entries', 'lead']
		};
		expect(parseFilters(new URLSearchParams(filtersToSearch(filters).slice(1)))).toEqual(filters);
	});

	it('drops unknown values instead of failing', () => {
		const f = parseFilters(new URLSearchParams('pillar=XYZ&status=bogus,agreed&gaps=yes'));
		expect(f.pillar).toBeNull();
		expect(f.statuses).toEqual(['agreed']);
		expect(f.gaps).toEqual([]);
	});

	it('reads the two gap filters, and the older "gaps=1" as both', () => {
		expect(parseFilters(new URLSearchParams('gaps=lead')).gaps).toEqual(['lead']);
		expect(parseFilters(new URLSearchParams('gaps=entries')).gaps).toEqual(['entries']);
		expect(parseFilters(new URLSearchParams('gaps=1')).gaps).toEqual(['entries', 'lead']);
		expect(filtersToSearch({ ...NO_FILTERS, gaps: ['lead'] })).toBe('?gaps=lead');
	});

	it('gives an empty search for no filters', () => {
		expect(filtersToSearch(NO_FILTERS)).toBe('');
	});
});

describe('applyFilters on the seeded APA board', () => {
	it('shows all 44 rows, four columns and 115 entries unfiltered', () => {
		const { result } = run({});
		expect(result.provisions.size).toBe(44);
		expect(result.categories.size).toBe(4);
		expect([...result.cells.values()].flat()).toHaveLength(115);
	});

	it('keeps only DGICM entries and the rows that have them', () => {
		const { result } = run({ bodies: ['DGICM'] });
		const shown = [...result.cells.values()].flat();
		expect(shown.length).toBe(1);
		expect(shown[0].text).toContain('Lost & Stolen Passport');
		expect([...result.provisions]).toEqual(['A.c']);
	});

	it('filters by pillar through the body registry', () => {
		const { result } = run({ pillar: 'APSC' });
		const shownBodies = new Set([...result.cells.values()].flat().map((e) => e.body));
		expect([...shownBodies].every((b) => pillarOf(b) === 'APSC')).toBe(true);
		expect(shownBodies.has('SOMTC')).toBe(true);
	});

	it('hides the other columns when a category is chosen', () => {
		const { result } = run({ categories: ['research'] });
		expect([...result.categories]).toEqual(['research']);
		expect([...result.cells.keys()].every((k) => k.endsWith('|research'))).toBe(true);
	});

	it('matches text in entries and in provision wording', () => {
		expect([...run({ text: 'lost & stolen' }).result.provisions]).toEqual(['A.c']);
		// "demand" is in A.l's wording; the whole row is kept.
		const byProvision = run({ text: 'discourage demand' }).result;
		expect(byProvision.provisions.has('A.l')).toBe(true);
	});

	it('filters by the status shown: agreed by a decision in the plan, ongoing by the body’s progress', () => {
		const docs = seededDocs();
		const [agreed, ongoing, both] = readBoard(docs).entries;
		const origin = { source: 'user' as const };
		setDecision(docs, agreed.id, 'agreed', { userId: 1, meeting: null }, origin);
		setEntryProgress(docs, ongoing.id, 'ongoing', origin);
		setDecision(docs, both.id, 'agreed', { userId: 1, meeting: null }, origin);
		setEntryProgress(docs, both.id, 'ongoing', origin); // progress is shown over the agreement
		const shown = (statuses: BoardFilters['statuses']) =>
			[...run({ statuses }, docs).result.cells.values()]
				.flat()
				.map((e) => e.id)
				.sort();
		expect(shown(['agreed'])).toEqual([agreed.id]);
		expect(shown(['ongoing'])).toEqual([ongoing.id, both.id].sort());
		expect(shown(['proposed'])).toHaveLength(115 - 3);
	});

	it('lists gaps: cells without an entry or a lead, and follows a new lead', () => {
		const docs = seededDocs();
		const before = run({ gaps: ['entries', 'lead'] }, docs).result;
		expect(before.gaps.size).toBe(44 * 4); // no leads were assigned in 2016
		setLead(docs, 'A.c', 'prevention', 'DGICM', { source: 'user' });
		setLead(docs, 'C.a', 'institutional', 'SOMTC', { source: 'user' });
		const after = run({ gaps: ['entries', 'lead'] }, docs).result;
		expect(after.gaps.has('A.c|prevention')).toBe(false); // entries and a lead
		expect(after.gaps.has('C.a|institutional')).toBe(true); // a lead but no entry
		expect(after.gaps.size).toBe(44 * 4 - 1);
		expect(after.gapKind.get('C.a|institutional')).toBe('entries');
	});

	it('tells the two gaps apart: "no entries" keeps empty provisions, "no lead" the rows with entries awaiting a lead', () => {
		const docs = seededDocs();
		const empty = run({ gaps: ['entries'] }, docs).result;
		// Every row has at least one empty cell on the 2016 board, but not every row has entries.
		expect(empty.provisions.has('C.a')).toBe(true);
		const noLead = run({ gaps: ['lead'] }, docs).result;
		expect(noLead.provisions.has('C.a')).toBe(false); // no entries at all: nothing awaits a lead
		expect(noLead.provisions.has('A.c')).toBe(true);
		const cells = [...noLead.gapKind].filter(([, kind]) => kind === 'lead').map(([key]) => key);
		const view = readBoard(docs);
		const byCell = entriesByCell(view.entries);
		expect(cells.length).toBe([...byCell.keys()].length);
		expect(cells.every((key) => (byCell.get(key)?.length ?? 0) > 0)).toBe(true);
		// The lead filter follows a new lead: the row's only leadless cell with entries is then no gap of that kind.
		for (const key of cells.filter((k) => k.startsWith('A.c|'))) {
			const [provision, category] = key.split('|');
			setLead(docs, provision, category, 'SOMTC', { source: 'user' });
		}
		expect(run({ gaps: ['lead'] }, docs).result.provisions.has('A.c')).toBe(false);
	});
});

describe('refilter: a keystroke replaces only its cell', () => {
	const origin = { kind: 'test' } as never;
	/** The board read as the browser reads it (only changed documents again), with `docName` marked changed after `edit`. */
	function edited(edit: (docs: ReturnType<typeof seededDocs>, first: EntryView) => string, f: BoardFilters) {
		const docs = seededDocs();
		const reader = new BoardReader();
		const before = reader.read(docs);
		const first = before.entries.find((e) => e.text.toLowerCase().includes('youth'))!;
		const run0 = refilter(undefined, before, f, pillarOf);
		reader.changed(edit(docs, first));
		const after = reader.read(docs);
		return { first, run0, run1: refilter(run0, after, f, pillarOf), expected: applyFilters(after, entriesByCell(after.entries), f, pillarOf) };
	}
	const typing = (docs: ReturnType<typeof seededDocs>, e: EntryView) => (setEntryText(docs, e.id, `${e.text} (revised)`, origin), bodyDocName(e.body));
	const filterSets: Partial<BoardFilters>[] = [{}, { text: 'youth' }, { bodies: ['SOMTC'] }, { categories: ['prevention'] }, { gaps: ['lead'] }, { pillar: 'APSC' }];

	for (const patch of filterSets) {
		it(`equals filtering from scratch after a text edit, filters ${JSON.stringify(patch)}`, () => {
			const f = { ...NO_FILTERS, ...patch };
			const { first, run0, run1, expected } = edited(typing, f);
			expect(run1.result.cells).toEqual(expected.cells);
			expect(run1.result.provisions).toEqual(expected.provisions);
			expect(run1.result.gapKind).toEqual(expected.gapKind);
			// Every other cell keeps its list, the touched one (if shown) has the new entry.
			const touched = cellKey(first.provision, first.category);
			for (const [key, list] of run1.result.cells) if (key !== touched) expect(list).toBe(run0.result.cells.get(key));
			expect(run1.result.provisions).toBe(run0.result.provisions);
			expect(run1.patched).toBe(true);
			expect(run1.placements).toBe(run0.placements);
		});
	}

	it('filters again when an edit changes what a filter keeps (text no longer matches, status under a status filter)', () => {
		const unmatch = (docs: ReturnType<typeof seededDocs>, e: EntryView) => (setEntryText(docs, e.id, 'Something else', origin), bodyDocName(e.body));
		const search = edited(unmatch, { ...NO_FILTERS, text: 'youth' });
		expect(search.run1.result.cells).toEqual(search.expected.cells);
		expect([...search.run1.result.cells.values()].flat().some((e) => e.id === search.first.id)).toBe(false);
		const progress = (docs: ReturnType<typeof seededDocs>, e: EntryView) => (setEntryProgress(docs, e.id, 'ongoing', origin), bodyDocName(e.body));
		const status = edited(progress, { ...NO_FILTERS, statuses: ['ongoing'] });
		expect(status.run1.result.cells).toEqual(status.expected.cells);
		expect(status.run1.result.provisions).toEqual(status.expected.provisions);
		expect([search.run1.patched, status.run1.patched]).toEqual([false, false]);
		expect([search.run1.placements, status.run1.placements]).toEqual([search.run0.placements + 1, status.run0.placements + 1]);
	});
});
