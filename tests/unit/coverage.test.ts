import { describe, expect, it } from 'vitest';
import { computeCoverage, gapsToCsv } from '$lib/board/coverage';
import { addEntry, setDecision, setEntryProgress, setLead } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { seededDocs, seeds } from '../helpers/seeded-doc';

const bodies = seeds().bodies.bodies.map((b) => ({ code: b.code, pillar: b.pillar }));
const me = { source: 'user' as const };

describe('coverage of the seeded APA board', () => {
	const coverage = computeCoverage(readBoard(seededDocs()), bodies);

	it('counts bodies and entries per cell', () => {
		const aaPrevention = coverage.cells.get('A.a|prevention')!;
		expect(aaPrevention.bodies).toEqual(['SOMTC', 'AICHR', 'SOM-ED']);
		expect(aaPrevention.byStatus.proposed).toBe(aaPrevention.entries);
		expect(coverage.cells.get('C.a|institutional')!.entries).toBe(0);
		expect(coverage.totals.cells).toBe(176);
		expect(coverage.totals.entries).toBe(115);
	});

	it('lists the 24 provisions without activities as gaps', () => {
		expect(coverage.gaps.emptyProvisions).toHaveLength(24);
		expect(coverage.gaps.emptyProvisions).toContain('C.a');
		expect(coverage.gaps.emptyProvisions).not.toContain('A.a');
	});

	it('reports per body and part, with ASLOM and SOM-MLAT empty everywhere', () => {
		const somtc = coverage.bodies.find((b) => b.body === 'SOMTC')!;
		expect(somtc.total).toBe(48);
		expect(Object.values(somtc.byPart).reduce((a, b) => a + b, 0)).toBe(48);
		for (const part of ['A', 'B', 'C', 'D']) {
			expect(coverage.gaps.bodiesMissingByPart[part]).toEqual(expect.arrayContaining(['ASLOM', 'SOM-MLAT']));
		}
		expect(coverage.gaps.bodiesMissingByPart.A).not.toContain('SOMTC');
	});
});

describe('coverage follows edits', () => {
	it('counts a new body, an agreement, a progress report and a lead', () => {
		const docs = seededDocs();
		const id = addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Judicial training' }, me);
		const other = addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Bench book' }, me);
		setDecision(docs, id, 'agreed', { userId: 1, meeting: null }, me);
		setEntryProgress(docs, other, 'ongoing', me);
		setLead(docs, 'C.a', 'training', 'ASLOM', me);
		const coverage = computeCoverage(readBoard(docs), bodies);
		const cell = coverage.cells.get('C.a|training')!;
		expect(cell).toMatchObject({ bodies: ['ASLOM'], entries: 2, lead: 'ASLOM' });
		expect(cell.byStatus).toMatchObject({ agreed: 1, ongoing: 1, proposed: 0 });
		expect(coverage.gaps.emptyProvisions).not.toContain('C.a');
		expect(coverage.bodies.find((b) => b.body === 'ASLOM')!.leads).toEqual(['C.a · Training/Capacity Building']);
		expect(coverage.gaps.bodiesMissingByPart.C).not.toContain('ASLOM');
	});

	it('writes the gaps as CSV with a BOM and quoted fields', () => {
		const view = readBoard(seededDocs());
		const csv = gapsToCsv(view, computeCoverage(view, bodies).gaps);
		expect(csv.startsWith('\uFEFFgap,provision,category,body,detail\r\n')).toBe(true);
		expect(csv).toContain('provision without entries,C.a,,,');
		expect(csv).toContain('cell without lead,A.a,Institutional Development,,');
		expect(csv).toContain('body without entries in part,A,,ASLOM,');
	});
});
