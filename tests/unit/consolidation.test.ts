import { describe, expect, it } from 'vitest';
import { consolidate } from '$lib/board/consolidation';
import { setDecision, setReservation } from '$lib/board/mutations';
import type { SuggestionView } from '$lib/board/suggestions';
import { readBoard } from '$lib/board/view';
import { seededDocs } from '../helpers/seeded-doc';

// Per provision: who proposed what and where it stands; open items per
// provision and per body; the chair's "left to agree" list.

describe('consolidate', () => {
	it('counts agreed, reserved and open entries and the suggestions waiting, per provision and per body', () => {
		const docs = seededDocs();
		const view0 = readBoard(docs);
		const p = view0.provisions[1];
		const here = view0.entries.filter((e) => e.provision === p.id);
		const [agreed, reserved] = here;
		setDecision(docs, agreed.id, 'agreed', { userId: 1, meeting: null }, { source: 'user' });
		setReservation(docs, reserved.id, { body: 'ACWC', text: 'pending' }, { userId: 1, meeting: null }, { source: 'user' });
		const suggestion = { id: 1, kind: 'wording', state: 'open', targetBody: here[2].body, provisionId: p.id } as SuggestionView;
		const c = consolidate(readBoard(docs), [suggestion], ['SOMTC', 'SOM-ED', 'ACWC']);

		const row = c.provisions.find((x) => x.id === p.id)!;
		expect(row).toMatchObject({ ref: `${p.part}.${p.letter}`, agreed: 1, reserved: 1, suggestions: 1, open: here.length - 2 + 1 });
		expect(row.bodies.flatMap((b) => b.entries).find((x) => x.entry.id === reserved.id)).toMatchObject({ standing: 'reserved', detail: 'ACWC' });
		expect(c.leftToAgree.some((l) => l.entry.id === agreed.id || l.entry.id === reserved.id)).toBe(false);
		expect(c.leftToAgree.filter((l) => l.provision === p.id)).toHaveLength(here.length - 2);
		expect(c.totals).toMatchObject({ entries: view0.entries.length, agreed: 1, reserved: 1, suggestions: 1 });
		expect(c.totals.open).toBe(view0.entries.filter((e) => e.progress === 'proposed').length - 2);
		const body = c.bodies.find((b) => b.body === here[2].body)!;
		expect(body.suggestions).toBe(1);
		expect(c.bodies.reduce((n, b) => n + b.open, 0)).toBe(c.totals.open);
	});
});
