import { csvText } from '../csv-field';
import { cellKey, ENTRY_STATUSES, type EntryStatus } from './doc';
import { provisionRef, registryRank } from './grouping';
import { cellGap } from './filters';
import { entriesByCell, type BoardView } from './view';

/** One cell of the coverage heatmap. */
export interface CoverageCell {
	key: string;
	provision: string;
	category: string;
	/** Bodies with at least one entry in the cell, in registry order. */
	bodies: string[];
	entries: number;
	byStatus: Record<EntryStatus, number>;
	lead: string | null;
}

export interface BodyCoverage {
	body: string;
	pillar: string | undefined;
	/** Entries per part (A–D…) and per category id. */
	byPart: Record<string, number>;
	byCategory: Record<string, number>;
	total: number;
	/** Cells this body leads, as "A.a · Research Development". */
	leads: string[];
}

export interface Gaps {
	/** Provisions without a single entry. */
	emptyProvisions: string[];
	/** Cells that have entries but no lead body. */
	cellsWithoutLead: string[];
	/** For each part, the bodies with no entry in it. */
	bodiesMissingByPart: Record<string, string[]>;
}

export interface Coverage {
	cells: Map<string, CoverageCell>;
	bodies: BodyCoverage[];
	gaps: Gaps;
	totals: { entries: number; cellsWithEntries: number; cells: number; cellsWithLead: number };
}

function emptyStatusCounts(): Record<EntryStatus, number> {
	return Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
}

/**
 * What the chair and secretariat monitor: per cell, how many bodies work on
 * it and how far; per body, where its entries are; and the gaps.
 * `bodies` is the registry (code → pillar) in display order.
 */
export function computeCoverage(view: BoardView, bodies: readonly { code: string; pillar: string }[]): Coverage {
	const rank = registryRank(bodies.map((b) => b.code));
	const byCell = entriesByCell(view.entries);
	const categoryName = new Map(view.categories.map((c) => [c.id, c.name]));
	const provisionById = new Map(view.provisions.map((p) => [p.id, p]));

	const cells = new Map<string, CoverageCell>();
	for (const p of view.provisions) {
		for (const c of view.categories) {
			const key = cellKey(p.id, c.id);
			const entries = byCell.get(key) ?? [];
			const byStatus = emptyStatusCounts();
			for (const e of entries) byStatus[e.status]++;
			cells.set(key, {
				key,
				provision: p.id,
				category: c.id,
				bodies: [...new Set(entries.map((e) => e.body))].sort((a, b) => rank(a) - rank(b)),
				entries: entries.length,
				byStatus,
				lead: view.leads[key] ?? null
			});
		}
	}

	const parts = view.parts.map((p) => p.id);
	const perBody = new Map<string, BodyCoverage>(
		bodies.map((b) => [
			b.code,
			{
				body: b.code,
				pillar: b.pillar,
				byPart: Object.fromEntries(parts.map((p) => [p, 0])),
				byCategory: Object.fromEntries(view.categories.map((c) => [c.id, 0])),
				total: 0,
				leads: []
			}
		])
	);
	for (const e of view.entries) {
		const b = perBody.get(e.body);
		const part = provisionById.get(e.provision)?.part;
		if (!b || !part) continue;
		b.byPart[part] = (b.byPart[part] ?? 0) + 1;
		b.byCategory[e.category] = (b.byCategory[e.category] ?? 0) + 1;
		b.total++;
	}
	for (const cell of cells.values()) {
		const p = provisionById.get(cell.provision);
		if (cell.lead && p) perBody.get(cell.lead)?.leads.push(`${provisionRef(p)} · ${categoryName.get(cell.category)}`);
	}

	const emptyProvisions = view.provisions
		.filter((p) => view.categories.every((c) => cells.get(cellKey(p.id, c.id))!.entries === 0))
		.map((p) => p.id);
	const cellsWithoutLead = [...cells.values()].filter((c) => cellGap(c.entries, c.lead) === 'lead').map((c) => c.key);
	const bodiesMissingByPart = Object.fromEntries(
		parts.map((part) => [part, [...perBody.values()].filter((b) => (b.byPart[part] ?? 0) === 0).map((b) => b.body)])
	);

	const all = [...cells.values()];
	return {
		cells,
		bodies: [...perBody.values()],
		gaps: { emptyProvisions, cellsWithoutLead, bodiesMissingByPart },
		totals: {
			entries: view.entries.length,
			cellsWithEntries: all.filter((c) => c.entries > 0).length,
			cells: all.length,
			cellsWithLead: all.filter((c) => c.lead).length
		}
	};
}

/** The gap list as CSV rows (RFC 4180, formulas neutralised), for download and print. */
export function gapsToCsv(view: BoardView, gaps: Gaps): string {
	const provisionById = new Map(view.provisions.map((p) => [p.id, p]));
	const categoryName = new Map(view.categories.map((c) => [c.id, c.name]));
	const rows: string[][] = [['gap', 'provision', 'category', 'body', 'detail']];
	for (const id of gaps.emptyProvisions) {
		const p = provisionById.get(id);
		rows.push(['provision without entries', p ? provisionRef(p) : id, '', '', p?.text ?? '']);
	}
	for (const key of gaps.cellsWithoutLead) {
		const [provision, category] = key.split('|');
		const p = provisionById.get(provision);
		rows.push(['cell without lead', p ? provisionRef(p) : provision, categoryName.get(category) ?? category, '', '']);
	}
	for (const [part, bodies] of Object.entries(gaps.bodiesMissingByPart)) {
		for (const body of bodies) rows.push(['body without entries in part', part, '', body, '']);
	}
	return csvText(rows);
}
