import { describe, expect, it } from 'vitest';
import { applyFilters, filtersToSearch, NO_FILTERS, parseFilters, type BoardFilters } from '$lib/board/filters';
import { entriesByCell, readBoard } from '$lib/board/view';
import { setDecision, setEntryProgress, setLead } from '$lib/board/mutations';
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
			gaps: true
		};
		expect(parseFilters(new URLSearchParams(filtersToSearch(filters).slice(1)))).toEqual(filters);
	});

	it('drops unknown values instead of failing', () => {
		const f = parseFilters(new URLSearchParams('pillar=XYZ&status=bogus,agreed&gaps=yes'));
		expect(f.pillar).toBeNull();
		expect(f.statuses).toEqual(['agreed']);
		expect(f.gaps).toBe(false);
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
		const before = run({ gaps: true }, docs).result;
		expect(before.gaps.size).toBe(44 * 4); // no leads were assigned in 2016
		setLead(docs, 'A.c', 'prevention', 'DGICM', { source: 'user' });
		setLead(docs, 'C.a', 'institutional', 'SOMTC', { source: 'user' });
		const after = run({ gaps: true }, docs).result;
		expect(after.gaps.has('A.c|prevention')).toBe(false); // entries and a lead
		expect(after.gaps.has('C.a|institutional')).toBe(true); // a lead but no entry
		expect(after.gaps.size).toBe(44 * 4 - 1);
	});
});
