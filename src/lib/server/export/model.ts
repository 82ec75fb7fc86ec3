import { cellKey, type EntryStatus } from '../../board/doc';
import { entriesByCell, type BoardView } from '../../board/view';

/** A body of the registry as exports list it (the `bodies` table's columns). */
export interface ExportBody {
	code: string;
	name: string;
	pillar: 'APSC' | 'ASCC';
	parent: string | null;
}

export interface ExportEntry {
	body: string;
	subsidiary: string | null;
	text: string;
	status: EntryStatus;
	uncertain: boolean;
	note: string | null;
}

export interface ExportCell {
	lead: string | null;
	entries: ExportEntry[];
}

export interface ExportProvision {
	/** `part.letter`, e.g. "A.a"; unique within the export. */
	ref: string;
	part: string;
	letter: string;
	text: string;
	/** category id → cell; every category of the board has a key. */
	cells: Record<string, ExportCell>;
}

export interface ExportBoardInfo {
	id: string;
	title: string;
	/** ISO date the board is "as of", or null when it has none. */
	asOf: string | null;
	status: 'open' | 'finalized';
	/** Label of the named version exported, or null for the current state. */
	version: string | null;
}

/**
 * Everything an export needs, as plain data in display order. Every format
 * renders this and nothing else, so "export a named version" is only a matter
 * of building the model from that version's document.
 */
export interface ExportModel {
	board: ExportBoardInfo;
	parts: { id: string; title: string }[];
	categories: { id: string; name: string }[];
	bodies: ExportBody[];
	provisions: ExportProvision[];
}

/**
 * Builds the export model of a board from its document view, the body
 * registry and its board record. Entries whose provision or category is not
 * on the board any more are left out (they have no cell to be printed in).
 */
export function buildExportModel(
	view: BoardView,
	bodies: readonly ExportBody[],
	board: { id: string; status: 'open' | 'finalized'; title?: string; asOf?: string | null },
	version: string | null = null
): ExportModel {
	const cells = entriesByCell(view.entries);
	const usedRefs = new Set<string>();
	const provisions = view.provisions.map((p): ExportProvision => {
		let ref = `${p.part}.${p.letter}`;
		// Two rows can share a part and letter after edits; the ref must stay unique for import.
		for (let n = 2; usedRefs.has(ref); n++) ref = `${p.part}.${p.letter}-${n}`;
		usedRefs.add(ref);
		const byCategory: Record<string, ExportCell> = {};
		for (const c of view.categories) {
			const key = cellKey(p.id, c.id);
			byCategory[c.id] = {
				lead: view.leads[key] ?? null,
				entries: (cells.get(key) ?? []).map((e) => ({
					body: e.body,
					subsidiary: e.subsidiary ?? null,
					text: e.text,
					status: e.status,
					uncertain: e.uncertain,
					note: e.note ?? null
				}))
			};
		}
		return { ref, part: p.part, letter: p.letter, text: p.text, cells: byCategory };
	});
	return {
		board: {
			id: board.id,
			title: view.title || board.title || board.id,
			asOf: view.asOf || board.asOf || null,
			status: board.status,
			version
		},
		parts: view.parts.map((p) => ({ id: p.id, title: p.title })),
		categories: view.categories.map((c) => ({ id: c.id, name: c.name })),
		bodies: bodies.map((b) => ({ code: b.code, name: b.name, pillar: b.pillar, parent: b.parent ?? null })),
		provisions
	};
}

/** Every entry of the model with where it sits, in table order (for CSV and the entries sheet). */
export function* entryRows(model: ExportModel): Generator<{
	provision: ExportProvision;
	category: { id: string; name: string };
	lead: string | null;
	entry: ExportEntry;
}> {
	for (const provision of model.provisions) {
		for (const category of model.categories) {
			const cell = provision.cells[category.id];
			for (const entry of cell.entries) yield { provision, category, lead: cell.lead, entry };
		}
	}
}
