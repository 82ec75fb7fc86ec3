import { parseCellKey } from './doc';
import type { BoardView, EntryView, ProvisionView } from './view';

export interface BodyGroup {
	body: string;
	entries: EntryView[];
}

/** Sort key of body codes in registry order; unknown codes sort last. */
export function registryRank(bodyOrder: readonly string[]): (code: string) => number {
	return (code) => {
		const i = bodyOrder.indexOf(code);
		return i === -1 ? bodyOrder.length : i;
	};
}

/** Entries of one cell grouped by body, bodies in registry order (unknown codes last). */
export function groupByBody(entries: readonly EntryView[], bodyOrder: readonly string[]): BodyGroup[] {
	const groups = new Map<string, EntryView[]>();
	for (const e of entries) {
		const list = groups.get(e.body);
		if (list) list.push(e);
		else groups.set(e.body, [e]);
	}
	const rank = registryRank(bodyOrder);
	return [...groups]
		.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
		.map(([body, list]) => ({ body, entries: list }));
}

export interface PartSection<T extends { part: string }> {
	part: string;
	rows: T[];
}

/** Consecutive rows of the same part, in board order. */
export function sectionsByPart<T extends { part: string }>(rows: readonly T[]): PartSection<T>[] {
	const sections: PartSection<T>[] = [];
	for (const row of rows) {
		const last = sections.at(-1);
		if (last && last.part === row.part) last.rows.push(row);
		else sections.push({ part: row.part, rows: [row] });
	}
	return sections;
}

/** "A.a" style reference of a provision, or its letter alone when the part is unknown. */
export function provisionRef(p: Pick<ProvisionView, 'part' | 'letter'>): string {
	return p.part ? `${p.part}.${p.letter}` : p.letter;
}

/** "A.b · Prevention": a cell (cellKey) as people name it, its ids where the board no longer has the row or column. */
export function cellLabel(view: Pick<BoardView, 'provisions' | 'categories'>, key: string): string {
	const { provision, category } = parseCellKey(key);
	const p = view.provisions.find((x) => x.id === provision);
	return `${p ? provisionRef(p) : provision} · ${view.categories.find((c) => c.id === category)?.name ?? category}`;
}
