import type * as Y from 'yjs';
import { categoriesArray, metaMap, provisionsArray } from './doc';
import type { HistorySource } from './history';

/**
 * History of a board's structure — its title and "as of" date, its columns
 * (categories) and its rows (provisions) — as the server records it beside
 * the per-cell history, and the activity feed shows it. Framework-free.
 */

export const STRUCTURE_TARGETS = ['board', 'category', 'provision'] as const;
export type StructureTarget = (typeof STRUCTURE_TARGETS)[number];
export type StructureKind = 'added' | 'removed' | 'edited';

/** The recorded fields of one thing: board {title, asOf}, category {name}, provision {part, letter, text}. */
export type StructureFields = Record<string, string>;

/** A board's structure at one moment, keyed `<target>:<id>`. */
export type StructureSnapshot = Map<string, { target: StructureTarget; id: string; fields: StructureFields }>;

export interface StructureChange {
	target: StructureTarget;
	targetId: string;
	kind: StructureKind;
	before: StructureFields | null;
	after: StructureFields | null;
}

export interface StructureRow extends StructureChange {
	id: number;
	source: HistorySource;
	userId: number | null;
	userName: string | null;
	body: string | null;
	at: number;
	seq: number;
	/** The person whose suggestion this change applied, and their name now (null: none). */
	suggestedBy?: number | null;
	suggestedByName?: string | null;
}

const text = (m: Y.Map<string>, key: string) => String(m.get(key) ?? '');

export function readStructure(doc: Y.Doc): StructureSnapshot {
	const snapshot: StructureSnapshot = new Map();
	const meta = metaMap(doc);
	snapshot.set('board:board', { target: 'board', id: 'board', fields: { title: text(meta, 'title'), asOf: text(meta, 'asOf') } });
	for (const c of categoriesArray(doc)) {
		const id = text(c, 'id');
		snapshot.set(`category:${id}`, { target: 'category', id, fields: { name: text(c, 'name') } });
	}
	for (const p of provisionsArray(doc)) {
		const id = text(p, 'id');
		snapshot.set(`provision:${id}`, { target: 'provision', id, fields: { part: text(p, 'part'), letter: text(p, 'letter'), text: text(p, 'text') } });
	}
	return snapshot;
}

const same = (a: StructureFields, b: StructureFields) => Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);

/** What was added, removed or edited between two snapshots: the board first, then columns, then rows, in board order. */
export function structureChanges(before: StructureSnapshot, after: StructureSnapshot): StructureChange[] {
	const changes: StructureChange[] = [];
	for (const [key, now] of after) {
		const was = before.get(key);
		if (!was) changes.push({ target: now.target, targetId: now.id, kind: 'added', before: null, after: now.fields });
		else if (!same(was.fields, now.fields)) changes.push({ target: now.target, targetId: now.id, kind: 'edited', before: was.fields, after: now.fields });
	}
	for (const [key, was] of before) {
		if (!after.has(key)) changes.push({ target: was.target, targetId: was.id, kind: 'removed', before: was.fields, after: null });
	}
	const rank = (c: StructureChange) => STRUCTURE_TARGETS.indexOf(c.target);
	return changes.sort((a, b) => rank(a) - rank(b));
}

const ref = (f: StructureFields) => (f.part ? `${f.part}.${f.letter}` : f.letter);

/** What a change did, in words ("changed the wording of A.b"); the diff itself is shown apart. */
export function describeStructureChange(change: StructureChange): string {
	const { before: b, after: a } = change;
	if (change.target === 'board') {
		const what = [b?.title !== a?.title && 'the title', b?.asOf !== a?.asOf && 'the “as of” date'].filter(Boolean);
		return `changed ${what.join(' and ') || 'the board'}`;
	}
	if (change.target === 'category') {
		if (change.kind === 'added') return `added the column “${a!.name}”`;
		if (change.kind === 'removed') return `removed the column “${b!.name}”`;
		return `renamed the column “${b!.name}” to “${a!.name}”`;
	}
	if (change.kind === 'added') return `added provision ${ref(a!)}`;
	if (change.kind === 'removed') return `removed provision ${ref(b!)}`;
	const what = [ref(b!) !== ref(a!) && `renumbered ${ref(b!)} as ${ref(a!)}`, b!.text !== a!.text && `changed the wording of ${ref(a!)}`];
	return what.filter(Boolean).join(' and ');
}
