import * as Y from 'yjs';
import { cellKey, entriesMap, leadsMap, mapOf, type TransactionOrigin } from '../../src/lib/board/doc';
import { writeSkeleton, type BoardSkeleton } from '../../src/lib/board/seed-board';
import { seeds } from './seeded-doc';

const ORIGIN: TransactionOrigin = { source: 'seed' };

/** "a" … "z", "aa", "ab" …: letters for as many provisions as a part needs. */
function letters(n: number): string {
	let s = '';
	for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
	return s;
}

/**
 * A board ten times the APA board: 440 provisions (110 per part) and 5,000
 * entries spread over every body and category, with real seed texts, a lead
 * on every third cell that has entries, and some uncertain entries.
 * Deterministic, so timings compare across runs.
 */
export function syntheticDoc(opts: { provisions?: number; entries?: number } = {}): Y.Doc {
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
	const doc = new Y.Doc();
	writeSkeleton(doc, {
		title: 'Synthetic board (10× APA)',
		asOf: '2026-01-15',
		parts,
		categories: s.matrix.categories,
		provisions: provisions as unknown as BoardSkeleton['provisions']
	});
	const bodies = s.bodies.bodies.map((b) => b.code);
	const categories = s.matrix.categories.map((c) => c.id);
	doc.transact(() => {
		const entries = entriesMap(doc);
		const leads = leadsMap(doc);
		for (let j = 0; j < nEntries; j++) {
			const seed = s.matrix.entries[j % s.matrix.entries.length];
			const provision = provisions[j % nProvisions].ref;
			const category = categories[(j * 7 + Math.floor(j / nProvisions)) % categories.length];
			const body = bodies[(j * 3 + Math.floor(j / 97)) % bodies.length];
			entries.set(
				`syn-${String(j).padStart(5, '0')}`,
				mapOf({
					provision,
					category,
					body,
					text: new Y.Text(seed.text),
					status: j % 5 === 0 ? 'agreed' : 'proposed',
					uncertain: j % 11 === 0,
					order: j + 1
				})
			);
			if (j % 3 === 0) leads.set(cellKey(provision, category), body);
		}
	}, ORIGIN);
	return doc;
}
