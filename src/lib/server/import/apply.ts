import * as Y from 'yjs';
import { BoardDocs, cellKey, decisionsMap, entriesMap, leadsMap, mapOf, newId, type TransactionOrigin } from '../../board/doc';
import { writeSkeleton, type BoardSkeleton } from '../../board/seed-board';
import type { BoardRow } from '../boards/boards';
import { slug } from '../export/format';
import type { ImportPlan } from './plan';

const SEED_ORIGIN: TransactionOrigin = { source: 'seed' };
/** Ids that name routes under /boards/ rather than boards. */
const RESERVED_IDS = new Set(['import', 'new']);

/** A board id from `title` that no board has yet: "apa-possible-areas", then "-2", "-3"… */
export function newBoardId(title: string, exists: (id: string) => boolean): string {
	const base = slug(title, 40);
	let id = RESERVED_IDS.has(base) ? `${base}-board` : base;
	for (let n = 2; exists(id); n++) id = `${base}-${n}`;
	return id;
}

/**
 * The documents a plan describes: the plan's structure, leads and agreements,
 * and each body's entries, as seed transactions. An entry the file marks
 * agreed becomes a decision by the person importing it.
 */
export function buildImportedDocs(plan: ImportPlan, meta: { title: string; asOf: string | null; importedBy: number | null }): BoardDocs {
	const docs = new BoardDocs();
	const doc = docs.plan;
	// writeSkeleton's types are the seed files' (parts A–D, the four APA
	// categories); an imported board's own parts and categories are plain strings.
	writeSkeleton(doc, {
		title: meta.title,
		asOf: meta.asOf ?? '',
		parts: plan.parts.map((p) => ({ part: p.id, title: p.title })) as unknown as BoardSkeleton['parts'],
		categories: plan.categories as unknown as BoardSkeleton['categories'],
		provisions: plan.provisions.map((p) => ({ ...p, line: 0 })) as unknown as BoardSkeleton['provisions']
	});
	const at = Date.now();
	doc.transact(() => {
		const leads = leadsMap(doc);
		for (const l of plan.leads) leads.set(cellKey(l.provision, l.category), l.body);
	}, SEED_ORIGIN);
	plan.entries.forEach((e, i) => {
		const id = newId();
		const body = docs.body(e.body);
		body.transact(() => {
			entriesMap(body).set(
				id,
				mapOf({
					provision: e.provision,
					category: e.category,
					subsidiary: e.subsidiary ?? undefined,
					text: new Y.Text(e.text),
					status: e.status === 'ongoing' || e.status === 'completed' ? e.status : 'proposed',
					uncertain: e.uncertain,
					note: e.note ?? undefined,
					order: i + 1
				})
			);
		}, SEED_ORIGIN);
		if (e.status === 'agreed') {
			doc.transact(() => decisionsMap(doc).set(id, mapOf({ state: 'agreed', by: meta.importedBy, at, meeting: null }) as Y.Map<unknown>), SEED_ORIGIN);
		}
	});
	return docs;
}

/**
 * Creates a new board from a confirmed plan (a new id; the file's own id is
 * never reused). One SQLite transaction: the board exists with all its
 * content, or not at all.
 */
export function applyImport(
	boards: { get(id: string): BoardRow | undefined; create(b: { id: string; title: string; asOf: string | null; createdBy: number | null }, docs: BoardDocs): BoardRow },
	plan: ImportPlan,
	opts: { title?: string; asOf?: string | null; createdBy: number | null }
): BoardRow {
	const title = opts.title?.trim() || plan.title;
	const asOf = opts.asOf === undefined ? plan.asOf : opts.asOf;
	const docs = buildImportedDocs(plan, { title, asOf, importedBy: opts.createdBy });
	const id = newBoardId(title, (candidate) => boards.get(candidate) !== undefined);
	return boards.create({ id, title, asOf, createdBy: opts.createdBy }, docs);
}
