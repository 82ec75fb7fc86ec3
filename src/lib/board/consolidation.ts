import { provisionRef } from './grouping';
import type { SuggestionView } from './suggestions';
import { isAgreed, type BoardView, type EntryView } from './view';

/**
 * The consolidation view (after the UNFCCC's consolidation tables): per
 * provision, which bodies proposed what, what is agreed, reserved or still
 * open, with the open items per provision and per body, and the chair's
 * "left to agree" list. Framework-free: computed from the board's view and
 * its open suggestions.
 */

/** Where one entry stands. */
export type Standing = 'agreed' | 'reserved' | 'procedure' | 'open';

export interface ConsolidatedEntry {
	entry: EntryView;
	standing: Standing;
	/** A running procedure's deadline, or a reservation's body. */
	detail: string | null;
}

export interface ConsolidatedProvision {
	id: string;
	ref: string;
	text: string;
	/** Bodies with entries here, in registry order, each with its entries. */
	bodies: { body: string; entries: ConsolidatedEntry[] }[];
	agreed: number;
	reserved: number;
	/** Entries not agreed yet (running procedures included) plus open suggestions. */
	open: number;
	suggestions: number;
}

export interface Consolidation {
	provisions: ConsolidatedProvision[];
	/** Open items per body: its entries not agreed, and suggestions waiting for it. */
	bodies: { body: string; open: number; suggestions: number }[];
	/** What the chair has left to agree, in board order. */
	leftToAgree: { provision: string; ref: string; entry: EntryView; standing: Standing }[];
	totals: { entries: number; agreed: number; reserved: number; open: number; suggestions: number };
}

function standingOf(e: EntryView): ConsolidatedEntry {
	const d = e.decision;
	if (d?.state === 'reserved') return { entry: e, standing: 'reserved', detail: d.reservation?.body ?? null };
	if (isAgreed(d) || e.progress !== 'proposed') return { entry: e, standing: 'agreed', detail: null };
	if (d?.procedure && d.procedure.outcome === null) return { entry: e, standing: 'procedure', detail: d.state };
	return { entry: e, standing: 'open', detail: null };
}

export function consolidate(view: BoardView, suggestions: readonly SuggestionView[], bodyOrder: readonly string[]): Consolidation {
	const rank = (code: string) => (bodyOrder.indexOf(code) + 1 || bodyOrder.length + 1) - 1;
	const perBody = new Map<string, { open: number; suggestions: number }>(bodyOrder.map((b) => [b, { open: 0, suggestions: 0 }]));
	const bodyCount = (b: string) => perBody.get(b) ?? perBody.set(b, { open: 0, suggestions: 0 }).get(b)!;
	const leftToAgree: Consolidation['leftToAgree'] = [];
	const totals = { entries: 0, agreed: 0, reserved: 0, open: 0, suggestions: suggestions.length };
	const provisions = view.provisions.map((p): ConsolidatedProvision => {
		const ref = provisionRef(p);
		const byBody = new Map<string, ConsolidatedEntry[]>();
		for (const e of view.entries) if (e.provision === p.id) byBody.set(e.body, [...(byBody.get(e.body) ?? []), standingOf(e)]);
		const bodies = [...byBody].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([body, entries]) => ({ body, entries }));
		const all = bodies.flatMap((b) => b.entries);
		const open = all.filter((c) => c.standing === 'open' || c.standing === 'procedure');
		for (const c of open) {
			bodyCount(c.entry.body).open++;
			leftToAgree.push({ provision: p.id, ref, entry: c.entry, standing: c.standing });
		}
		const waiting = suggestions.filter((s) => s.provisionId === p.id);
		for (const s of waiting) if (s.targetBody) bodyCount(s.targetBody).suggestions++;
		const agreed = all.filter((c) => c.standing === 'agreed').length;
		const reserved = all.filter((c) => c.standing === 'reserved').length;
		totals.entries += all.length;
		totals.agreed += agreed;
		totals.reserved += reserved;
		totals.open += open.length;
		return { id: p.id, ref, text: p.text, bodies, agreed, reserved, open: open.length + waiting.length, suggestions: waiting.length };
	});
	const bodies = [...perBody].map(([body, c]) => ({ body, ...c })).filter((b) => b.open + b.suggestions > 0);
	return { provisions, bodies, leftToAgree, totals };
}
