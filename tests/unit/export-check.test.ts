import { describe, expect, it } from 'vitest';
import * as edit from '$lib/board/mutations';
import { checkCount, checkForPublication } from '$lib/board/publication-check';
import { readBoard } from '$lib/board/view';
import { formatCheck } from '$lib/server/export/check';
import { registryBodies, seededDocsWithLeads } from '../helpers/export-model';

describe('pre-export check', () => {
	it('lists empty provisions, cells without a lead, uncertain and proposed entries and idle bodies', () => {
		const check = checkForPublication(readBoard(seededDocsWithLeads()), registryBodies());
		// The 24 provisions the 2016 matrix leaves empty (seeds/README.md).
		expect(check.emptyProvisions).toHaveLength(24);
		expect(check.emptyProvisions[0]).toMatchObject({ ref: 'A.d' });
		// Three of the cells with entries have a lead (ASLOM's lead of C.a × Training has no entries).
		const cells = check.cellsWithoutLead.map((c) => `${c.ref}|${c.category}`);
		expect(cells).not.toContain('A.a|Prevention');
		expect(cells).not.toContain('A.c|Prevention');
		expect(cells).toContain('A.a|Institutional Development');
		expect(check.uncertainEntries).toHaveLength(79);
		expect(check.proposedEntries).toHaveLength(115);
		expect(check.proposedEntries[0]).toMatchObject({ ref: 'A.a', category: 'Institutional Development' });
		expect(check.bodiesWithoutEntries.map((b) => b.code)).toEqual(['ASLOM', 'SOM-MLAT']);
		expect(formatCheck(check)).toContain('Bodies with no entries: 2');
	});

	it('comes out clean when every cell has a lead and every entry is agreed and certain', () => {
		const docs = seededDocsWithLeads();
		const origin = { source: 'server' as const };
		const view = readBoard(docs);
		for (const e of view.entries) {
			edit.setDecision(docs, e.id, 'agreed', { userId: null, meeting: null }, origin);
			edit.setEntryUncertain(docs, e.id, false, origin);
			edit.setLead(docs, e.provision, e.category, e.body, origin);
		}
		for (const p of view.provisions) if (!view.entries.some((e) => e.provision === p.id)) edit.addEntry(docs, { provision: p.id, category: 'training', body: 'ASLOM', text: 'x' }, origin);
		const check = checkForPublication(readBoard(docs), registryBodies().filter((b) => b.code !== 'SOM-MLAT'));
		expect(check.proposedEntries.length).toBe(24); // the new entries start proposed
		expect(check.emptyProvisions).toEqual([]);
		expect(check.uncertainEntries).toEqual([]);
		expect(checkCount(check)).toBe(24 + check.cellsWithoutLead.length);
	});
});
