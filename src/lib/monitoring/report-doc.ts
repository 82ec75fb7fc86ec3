import * as Y from 'yjs';
import type { TransactionOrigin } from '../board/doc';
import type { BoardView, EntryView } from '../board/view';
import { ACTIVITY_STATUSES, type ActivityStatus } from './reports';

/** What a body reports of one agreed activity in a period (plain view of a report item). */
export interface ReportItemView {
	status: ActivityStatus;
	narrative: string;
	start: string;
	end: string;
	/** Links to evidence, one per line. */
	evidence: string[];
	indicator: string;
	unit: string;
	target: number | null;
	actual: number | null;
}

/** An item with nothing reported yet (and `fields` over it). */
export function blankItem(fields: Partial<ReportItemView> = {}): ReportItemView {
	return { status: 'not-started', narrative: '', start: '', end: '', evidence: [], indicator: '', unit: '', target: null, actual: null, ...fields };
}

/** The fields a person sets on an item (the narrative is a Y.Text, edited in place). */
export type ReportItemFields = Partial<Omit<ReportItemView, 'narrative' | 'evidence'>> & { evidence?: string };

export type ItemMap = Y.Map<unknown>;

/** A report document's items, keyed by entry id. */
export function itemsMap(doc: Y.Doc): Y.Map<ItemMap> {
	return doc.getMap('items');
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads one item; an item without a known status has not been started. */
export function readItem(m: ItemMap): ReportItemView {
	const raw = m.get('status');
	return {
		status: (ACTIVITY_STATUSES as readonly unknown[]).includes(raw) ? (raw as ActivityStatus) : 'not-started',
		narrative: str(m.get('narrative')?.toString()),
		start: str(m.get('start')),
		end: str(m.get('end')),
		evidence: str(m.get('evidence'))
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean),
		indicator: str(m.get('indicator')),
		unit: str(m.get('unit')),
		target: num(m.get('target')),
		actual: num(m.get('actual'))
	};
}

/** Every item a report document holds, by entry id. */
export function readReport(doc: Y.Doc): Record<string, ReportItemView> {
	const items: Record<string, ReportItemView> = {};
	itemsMap(doc).forEach((m, id) => (items[id] = readItem(m)));
	return items;
}

/**
 * The item of an activity, made (with an empty narrative) on first use inside
 * the caller's transaction. Two clients making the same item at once would
 * lose one's writes (a map key holds one value), so the server makes the
 * items of every agreed activity before the report page opens (`addMissingItems`).
 */
function itemOf(doc: Y.Doc, entryId: string): ItemMap {
	const items = itemsMap(doc);
	let m = items.get(entryId);
	if (!m) {
		m = new Y.Map<unknown>();
		m.set('status', 'not-started');
		m.set('narrative', new Y.Text());
		items.set(entryId, m);
	}
	return m;
}

/** Makes the items of `entryIds` the report lacks; returns how many (call inside one transaction of the server). */
export function addMissingItems(doc: Y.Doc, entryIds: readonly string[]): number {
	const missing = entryIds.filter((id) => !itemsMap(doc).has(id));
	for (const id of missing) itemOf(doc, id);
	return missing.length;
}

/** Sets fields of an activity's item (a field set to undefined is left alone; '' clears a string). */
export function setItemFields(doc: Y.Doc, entryId: string, fields: ReportItemFields, origin: TransactionOrigin): void {
	doc.transact(() => {
		const m = itemOf(doc, entryId);
		for (const [key, value] of Object.entries(fields)) if (value !== undefined && m.get(key) !== value) m.set(key, value);
	}, origin);
}

/** The narrative text of an activity's item, for live editing (made on first use). */
export function narrativeOf(doc: Y.Doc, entryId: string, origin: TransactionOrigin): Y.Text {
	let text = itemsMap(doc).get(entryId)?.get('narrative');
	if (!(text instanceof Y.Text)) {
		doc.transact(() => {
			const m = itemOf(doc, entryId);
			if (!(m.get('narrative') instanceof Y.Text)) m.set('narrative', new Y.Text());
		}, origin);
		text = itemsMap(doc).get(entryId)!.get('narrative');
	}
	return text as Y.Text;
}

/** Replaces a narrative's whole text (tests and the plain textarea binding). */
export function setNarrative(doc: Y.Doc, entryId: string, value: string, origin: TransactionOrigin): void {
	const text = narrativeOf(doc, entryId, origin);
	const current = text.toString();
	if (current === value) return;
	// Keep the common prefix and suffix: concurrent edits elsewhere in the text survive.
	let start = 0;
	while (start < current.length && start < value.length && current[start] === value[start]) start++;
	let end = 0;
	while (end < current.length - start && end < value.length - start && current[current.length - 1 - end] === value[value.length - 1 - end]) end++;
	doc.transact(() => {
		text.delete(start, current.length - start - end);
		text.insert(start, value.slice(start, value.length - end));
	}, origin);
}

/** The activities a body reports on: its entries the chair or secretariat recorded agreement on, in board order. */
export function agreedActivities(view: Pick<BoardView, 'entries' | 'provisions' | 'categories'>, body?: string): EntryView[] {
	const row = new Map(view.provisions.map((p, i) => [p.id, i]));
	const col = new Map(view.categories.map((c, i) => [c.id, i]));
	return view.entries
		.filter((e) => e.decision?.state === 'agreed' && (body === undefined || e.body === body) && row.has(e.provision))
		.sort((a, b) => row.get(a.provision)! - row.get(b.provision)! || (col.get(a.category) ?? 0) - (col.get(b.category) ?? 0) || a.order - b.order);
}
