import { cellKey } from './doc';
import { exportChanges, type ExportChange } from './export-changes';
import type { BoardView } from './view';

/**
 * The pre-export check: what a secretariat should look at before publishing
 * a board. Pure, so the export dialog runs it on the live view and the CLI
 * on the exported state. It never blocks an export.
 */

export interface CheckedEntry {
	/** "A.a" */
	ref: string;
	category: string;
	body: string;
	text: string;
}

export interface PublicationCheck {
	/** Provisions with no entry in any category. */
	emptyProvisions: { ref: string; text: string }[];
	/** Cells (provision × category) with entries but no lead body. */
	cellsWithoutLead: { ref: string; category: string; entries: number }[];
	/** Entries flagged `uncertain` (a transcription call someone should review). */
	uncertainEntries: CheckedEntry[];
	/** Entries still `proposed` (not yet agreed). */
	proposedEntries: CheckedEntry[];
	/** Bodies of the registry (subsidiaries included) with no entry on the board. */
	bodiesWithoutEntries: { code: string; name: string }[];
	/** What the exports will print differently (continued rows and pages, CSV apostrophes, a shortened header). */
	exportChanges: ExportChange[];
}

export interface CheckBody {
	code: string;
	name: string;
	parent: string | null;
}

/** Number of findings in a check. */
export function checkCount(check: PublicationCheck): number {
	return (
		check.emptyProvisions.length +
		check.cellsWithoutLead.length +
		check.uncertainEntries.length +
		check.proposedEntries.length +
		check.bodiesWithoutEntries.length +
		check.exportChanges.length
	);
}

/** Runs the pre-export check on a board view against the body registry. */
export function checkForPublication(view: BoardView, bodies: readonly CheckBody[]): PublicationCheck {
	const refOf = new Map(view.provisions.map((p) => [p.id, `${p.part}.${p.letter}`]));
	const categoryName = new Map(view.categories.map((c) => [c.id, c.name]));
	const placed = view.entries.filter((e) => refOf.has(e.provision) && categoryName.has(e.category));
	const perCell = new Map<string, number>();
	const withEntries = new Set<string>();
	const bodiesUsed = new Set<string>();
	for (const e of placed) {
		const key = cellKey(e.provision, e.category);
		perCell.set(key, (perCell.get(key) ?? 0) + 1);
		withEntries.add(e.provision);
		bodiesUsed.add(e.body);
		if (e.subsidiary) bodiesUsed.add(e.subsidiary);
	}
	const entry = (e: (typeof placed)[number]): CheckedEntry => ({
		ref: refOf.get(e.provision)!,
		category: categoryName.get(e.category)!,
		body: e.subsidiary ? `${e.body} (${e.subsidiary})` : e.body,
		text: e.text
	});
	const cellsWithoutLead: PublicationCheck['cellsWithoutLead'] = [];
	for (const p of view.provisions) {
		for (const c of view.categories) {
			const key = cellKey(p.id, c.id);
			const n = perCell.get(key) ?? 0;
			if (n > 0 && !view.leads[key]) cellsWithoutLead.push({ ref: refOf.get(p.id)!, category: c.name, entries: n });
		}
	}
	// Table order (provision, then category), not the entries' insertion order.
	const rank = new Map(view.provisions.map((p, i) => [p.id, i]));
	const column = new Map(view.categories.map((c, i) => [c.id, i]));
	const ordered = [...placed].sort(
		(a, b) => rank.get(a.provision)! - rank.get(b.provision)! || column.get(a.category)! - column.get(b.category)! || a.order - b.order
	);
	return {
		emptyProvisions: view.provisions.filter((p) => !withEntries.has(p.id)).map((p) => ({ ref: refOf.get(p.id)!, text: p.text })),
		cellsWithoutLead,
		uncertainEntries: ordered.filter((e) => e.uncertain).map(entry),
		proposedEntries: ordered.filter((e) => e.status === 'proposed').map(entry),
		bodiesWithoutEntries: bodies.filter((b) => !bodiesUsed.has(b.code)).map((b) => ({ code: b.code, name: b.name })),
		exportChanges: exportChanges(view)
	};
}
