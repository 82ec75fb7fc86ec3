import type { PublicationOptions } from '../../contract/exports';
import { commentExcerpt, type ThreadView } from '../../board/discussion';
import { cellKey, type EntryStatus } from '../../board/doc';
import { entriesByCell, reservationMarks, type BoardView } from '../../board/view';
import type { SectoralBody } from '../../contract/bodies';
import { longDateTime, today } from './format';

export interface ExportEntry {
	body: string;
	subsidiary: string | null;
	text: string;
	status: EntryStatus;
	uncertain: boolean;
	note: string | null;
	/** The number of its footnote under "Reservations", when it was agreed with a reservation. */
	reservation?: number;
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
	/** ISO day (UTC) the named version was saved, when known. */
	versionOn: string | null;
	/** ISO day (UTC) a finalized board was finalized, when known. */
	finalizedOn: string | null;
	/** ISO day (UTC) of the export. */
	exportedOn: string;
}

/** A reservation on an agreed entry: the footnote every export prints after the matrix. */
export interface ExportReservation {
	/** Its number, from 1 in board order. */
	mark: number;
	/** "A.b · Training/Capacity Building". */
	cell: string;
	/** The body whose entry it is, and the entry's text (shortened). */
	entryBody: string;
	entry: string;
	/** The body that reserved its position, and what it said. */
	by: string;
	text: string;
}

/** One comment of the discussion annex. */
export interface ExportComment {
	author: string;
	/** The body the author speaks for (null for the secretariat, observers). */
	authorBody: string | null;
	/** When it was posted: "8 June 2026, 14:05 UTC". */
	date: string;
	text: string;
	/** A reply (not the thread's first comment). */
	reply: boolean;
	edited: boolean;
}

/** One thread of the discussion annex, its comments oldest first. */
export interface ExportDiscussionThread {
	/** The text (shortened) of the entry the thread is about; null for the cell itself or an entry no longer there. */
	entry: string | null;
	resolved: { by: string | null; date: string } | null;
	comments: ExportComment[];
}

/** The threads of one cell in the discussion annex. */
export interface ExportDiscussionCell {
	/** "A.a · Institutional Development". */
	label: string;
	threads: ExportDiscussionThread[];
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
	bodies: SectoralBody[];
	provisions: ExportProvision[];
	/** The discussion annex (docx only), when asked for: cells with threads, in board order. */
	discussion?: ExportDiscussionCell[];
	/** The APA section heading printed above the first part ("IV. Action Plans"), when the board is that section. */
	section?: string | null;
	/** Publication options of the document formats; the defaults when absent. */
	publication?: PublicationOptions;
	/** Reservations on agreed entries, in board order (none: absent or empty). */
	reservations?: ExportReservation[];
}

/**
 * Builds the export model of a board from its document view, the body
 * registry and its board record. Entries whose provision or category is not
 * on the board any more are left out (they have no cell to be printed in).
 */
export function buildExportModel(
	view: BoardView,
	bodies: readonly SectoralBody[],
	board: {
		id: string;
		status: 'open' | 'finalized';
		title?: string;
		asOf?: string | null;
		/** The day of the export (default: today, UTC). */
		exportedOn?: string;
		finalizedOn?: string | null;
		versionOn?: string | null;
	},
	version: string | null = null
): ExportModel {
	const cells = entriesByCell(view.entries);
	const marks = reservationMarks(view);
	const usedRefs = new Set<string>();
	const reservations: ExportReservation[] = [];
	const provisions = view.provisions.map((p): ExportProvision => {
		let ref = `${p.part}.${p.letter}`;
		// Two rows can share a part and letter after edits; the ref must stay unique for import.
		for (let n = 2; usedRefs.has(ref); n++) ref = `${p.part}.${p.letter}-${n}`;
		usedRefs.add(ref);
		const byCategory: Record<string, ExportCell> = {};
		for (const c of view.categories) {
			const key = cellKey(p.id, c.id);
			for (const e of cells.get(key) ?? []) {
				const r = e.decision?.reservation;
				const mark = marks.get(e.id);
				if (r && mark) reservations.push({ mark, cell: `${ref} · ${c.name}`, entryBody: e.body, entry: commentExcerpt(e.text, 160), by: r.body, text: r.text });
			}
			byCategory[c.id] = {
				lead: view.leads[key] ?? null,
				entries: (cells.get(key) ?? []).map((e) => ({
					body: e.body,
					subsidiary: e.subsidiary ?? null,
					text: e.text,
					status: e.status,
					uncertain: e.uncertain,
					note: e.note ?? null,
					...(marks.has(e.id) ? { reservation: marks.get(e.id) } : {})
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
			version,
			versionOn: version ? (board.versionOn ?? null) : null,
			finalizedOn: board.finalizedOn ?? null,
			exportedOn: board.exportedOn ?? today()
		},
		parts: view.parts.map((p) => ({ id: p.id, title: p.title })),
		categories: view.categories.map((c) => ({ id: c.id, name: c.name })),
		bodies: bodies.map((b) => ({ code: b.code, name: b.name, pillar: b.pillar, parent: b.parent ?? null })),
		provisions,
		reservations
	};
}

/**
 * The discussion annex of an export: the board's threads (`Comments.listCommentsForExport`)
 * grouped by cell, cells in board order (provisions, then categories; cells no
 * longer on the board last, by their key), threads by their first comment,
 * comments oldest first. Dates are UTC and written out by hand, so the same
 * discussion always gives the same annex.
 */
export function discussionAnnex(view: BoardView, model: ExportModel, threads: readonly ThreadView[]): ExportDiscussionCell[] {
	const order = new Map<string, { rank: number; label: string }>();
	view.provisions.forEach((p, i) =>
		model.categories.forEach((c, j) => order.set(cellKey(p.id, c.id), { rank: i * model.categories.length + j, label: `${model.provisions[i]?.ref ?? `${p.part}.${p.letter}`} · ${c.name}` }))
	);
	const entries = new Map(view.entries.map((e) => [e.id, e]));
	const cells = new Map<string, { key: string; label: string; threads: ThreadView[] }>();
	for (const t of threads) {
		const cell = cells.get(t.cell) ?? { key: t.cell, label: order.get(t.cell)?.label ?? t.cellLabel, threads: [] };
		cell.threads.push(t);
		cells.set(t.cell, cell);
	}
	const rank = (key: string) => order.get(key)?.rank ?? Number.MAX_SAFE_INTEGER;
	const byCreation = (a: ThreadView, b: ThreadView) => (a.comments[0]?.createdAt ?? 0) - (b.comments[0]?.createdAt ?? 0) || a.id - b.id;
	return [...cells.values()]
		.sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map((cell) => ({
			label: cell.label,
			threads: [...cell.threads].sort(byCreation).map((t) => {
				const entry = t.entryId ? entries.get(t.entryId) : undefined;
				return {
					entry: entry ? commentExcerpt(entry.text, 160) : null,
					resolved: t.resolvedAt === null ? null : { by: t.resolvedByName, date: longDateTime(t.resolvedAt) },
					comments: [...t.comments]
						.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
						.map((c) => ({
							author: c.authorName,
							authorBody: c.authorBody,
							date: longDateTime(c.createdAt),
							text: c.body,
							reply: c.parentId !== null,
							edited: c.editedAt !== null
						}))
				};
			})
		}));
}
