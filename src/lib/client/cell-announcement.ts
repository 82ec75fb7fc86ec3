import { cellKey, parseCellKey, type EntryStatus } from '$lib/board/doc';
import { provisionRef } from '$lib/board/grouping';
import type { BoardView } from '$lib/board/view';

/**
 * What a screen-reader user hears when someone else changes the cell they
 * are on: one sentence, said a moment after the change settles (not per
 * keystroke), naming the body and the kind of change.
 */

/** The part of a cell an announcement compares. */
interface EntrySnapshot {
	body: string;
	text: string;
	status: EntryStatus;
}
export interface CellSnapshot {
	key: string;
	entries: Map<string, EntrySnapshot>;
	lead: string | null;
}

export function snapshotCell(view: BoardView, key: string): CellSnapshot {
	const { provision, category } = parseCellKey(key);
	const entries = new Map<string, EntrySnapshot>();
	for (const e of view.entries) {
		if (e.provision === provision && e.category === category) entries.set(e.id, { body: e.body, text: e.text, status: e.status });
	}
	return { key, entries, lead: view.leads[cellKey(provision, category)] ?? null };
}

/** "A.a, Prevention" for a cell key. */
export function cellName(view: BoardView, key: string): string {
	const { provision, category } = parseCellKey(key);
	const p = view.provisions.find((x) => x.id === provision);
	const c = view.categories.find((x) => x.id === category);
	return `${p ? provisionRef(p) : provision}, ${c?.name ?? category}`;
}

const MAX_QUOTE = 80;
const quote = (text: string) => `“${text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text}”`;
const STATUS: Record<EntryStatus, string> = { proposed: 'proposed', agreed: 'agreed', ongoing: 'ongoing', completed: 'completed' };

/** One sentence for what changed in a cell between two snapshots, or null when nothing did. */
export function describeCellChange(before: CellSnapshot, after: CellSnapshot, where: string): string | null {
	const parts: string[] = [];
	for (const [id, e] of after.entries) {
		const old = before.entries.get(id);
		if (!old) parts.push(`${e.body} added ${quote(e.text)}`);
		else if (old.text !== e.text) parts.push(`${e.body} edited an activity, now ${quote(e.text)}`);
		else if (old.status !== e.status) parts.push(`${e.body}’s ${quote(e.text)} is now ${STATUS[e.status]}`);
		else if (old.body !== e.body) parts.push(`${quote(e.text)} moved from ${old.body} to ${e.body}`);
	}
	for (const [id, e] of before.entries) if (!after.entries.has(id)) parts.push(`${e.body} removed ${quote(e.text)}`);
	if (before.lead !== after.lead) parts.push(after.lead ? `the lead is now ${after.lead}` : 'the cell has no lead any more');
	if (parts.length === 0) return null;
	if (parts.length > 3) return `${where}: ${parts.length} changes by others. ${parts.slice(0, 2).join('; ')}; and more.`;
	return `${where}: ${parts.join('; ')}.`;
}
