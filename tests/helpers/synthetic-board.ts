import * as Y from 'yjs';
import { BoardDocs, cellKey, decisionsMap, entriesMap, leadsMap, mapOf, type TransactionOrigin } from '../../src/lib/board/doc';
import { writeSkeleton, type BoardSkeleton } from '../../src/lib/board/seed-board';
import { seeds } from './seeded-doc';

const ORIGIN: TransactionOrigin = { source: 'seed' };
/** A fixed decision time, so the board is the same on every run. */
const AGREED_AT = Date.UTC(2026, 0, 15);

/** "a" … "z", "aa", "ab" …: letters for as many provisions as a part needs. */
function letters(n: number): string {
	let s = '';
	for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
	return s;
}

/**
 * A board ten times the APA board: 440 provisions (110 per part) and 5,000
 * entries spread over every body's document and every category, with real
 * seed texts, a lead on every third cell that has entries, every fifth entry
 * agreed (a decision in the plan) and some uncertain entries.
 * Deterministic, so timings compare across runs.
 */
export function syntheticDocs(opts: { provisions?: number; entries?: number } = {}): BoardDocs {
	const s = seeds();
	const nProvisions = opts.provisions ?? 440;
	const nEntries = opts.entries ?? 5000;
	const parts = s.provisions.parts;
	const perPart = Math.ceil(nProvisions / parts.length);
	const provisions = Array.from({ length: nProvisions }, (_, i) => {
		const part = parts[Math.floor(i / perPart)].part;
		const letter = letters(i % perPart);
		return { ref: `${part}.${letter}`, part, letter, text: s.provisions.provisions[i % 44].text, line: 1 };
	});
	const docs = new BoardDocs();
	const plan = docs.plan;
	writeSkeleton(plan, {
		title: 'Synthetic board (10× APA)',
		asOf: '2026-01-15',
		parts,
		categories: s.matrix.categories,
		provisions: provisions as unknown as BoardSkeleton['provisions']
	});
	const bodies = s.bodies.bodies.map((b) => b.code);
	const categories = s.matrix.categories.map((c) => c.id);
	// One transaction per document, as a seed writes it: the plan's leads and
	// decisions, then each body's entries.
	const byBody = new Map<string, Array<[string, Y.Map<unknown>]>>();
	plan.transact(() => {
		const leads = leadsMap(plan);
		const decisions = decisionsMap(plan);
		for (let j = 0; j < nEntries; j++) {
			const seed = s.matrix.entries[j % s.matrix.entries.length];
			const provision = provisions[j % nProvisions].ref;
			const category = categories[(j * 7 + Math.floor(j / nProvisions)) % categories.length];
			const body = bodies[(j * 3 + Math.floor(j / 97)) % bodies.length];
			const id = `syn-${String(j).padStart(5, '0')}`;
			const entry = mapOf({ provision, category, text: new Y.Text(seed.text), status: 'proposed', uncertain: j % 11 === 0, order: j + 1 });
			const list = byBody.get(body);
			if (list) list.push([id, entry]);
			else byBody.set(body, [[id, entry]]);
			if (j % 5 === 0) decisions.set(id, mapOf({ state: 'agreed', by: null, at: AGREED_AT, meeting: null }) as Y.Map<unknown>);
			if (j % 3 === 0) leads.set(cellKey(provision, category), body);
		}
	}, ORIGIN);
	for (const [body, entries] of byBody) {
		const doc = docs.body(body);
		doc.transact(() => {
			for (const [id, entry] of entries) entriesMap(doc).set(id, entry);
		}, ORIGIN);
	}
	return docs;
}
