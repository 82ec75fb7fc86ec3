import type * as Y from 'yjs';
import {
	categoriesArray,
	cellKey,
	entriesMap,
	leadsMap,
	metaMap,
	partsArray,
	provisionsArray,
	type EntryStatus
} from './doc';

export interface PartView {
	id: string;
	title: string;
}
export interface CategoryView {
	id: string;
	name: string;
}
export interface ProvisionView {
	id: string;
	part: string;
	letter: string;
	text: string;
}
export interface EntryView {
	id: string;
	provision: string;
	category: string;
	body: string;
	subsidiary?: string;
	text: string;
	status: EntryStatus;
	uncertain: boolean;
	note?: string;
	order: number;
}
/** A plain, serialisable snapshot of a board document. */
export interface BoardView {
	title: string;
	asOf: string;
	parts: PartView[];
	categories: CategoryView[];
	provisions: ProvisionView[];
	entries: EntryView[];
	/** cellKey → lead body code */
	leads: Record<string, string>;
}

function str(v: unknown): string {
	return typeof v === 'string' ? v : v == null ? '' : String(v);
}

/** Reads one entry map into its plain view. */
export function readEntry(id: string, m: Y.Map<unknown>): EntryView {
	const note = m.get('note');
	const subsidiary = m.get('subsidiary');
	return {
		id,
		provision: str(m.get('provision')),
		category: str(m.get('category')),
		body: str(m.get('body')),
		subsidiary: typeof subsidiary === 'string' ? subsidiary : undefined,
		text: str(m.get('text')?.toString()),
		status: (m.get('status') as EntryStatus) ?? 'proposed',
		uncertain: m.get('uncertain') === true,
		note: typeof note === 'string' && note ? note : undefined,
		order: typeof m.get('order') === 'number' ? (m.get('order') as number) : 0
	};
}

/** Reads the whole document into a plain snapshot (server render, export, tests). */
export function readBoard(doc: Y.Doc): BoardView {
	const meta = metaMap(doc);
	const entries: EntryView[] = [];
	entriesMap(doc).forEach((m, id) => entries.push(readEntry(id, m)));
	entries.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
	return {
		title: str(meta.get('title')),
		asOf: str(meta.get('asOf')),
		parts: partsArray(doc).map((m) => ({ id: str(m.get('id')), title: str(m.get('title')) })),
		categories: categoriesArray(doc).map((m) => ({ id: str(m.get('id')), name: str(m.get('name')) })),
		provisions: provisionsArray(doc).map((m) => ({
			id: str(m.get('id')),
			part: str(m.get('part')),
			letter: str(m.get('letter')),
			text: str(m.get('text'))
		})),
		entries,
		leads: leadsMap(doc).toJSON() as Record<string, string>
	};
}

/** Groups entries by cell key, each cell in display order. */
export function entriesByCell(entries: readonly EntryView[]): Map<string, EntryView[]> {
	const cells = new Map<string, EntryView[]>();
	for (const e of entries) {
		const key = cellKey(e.provision, e.category);
		const list = cells.get(key);
		if (list) list.push(e);
		else cells.set(key, [e]);
	}
	for (const list of cells.values()) list.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
	return cells;
}
