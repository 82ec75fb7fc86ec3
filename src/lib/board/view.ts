import type * as Y from 'yjs';
import {
	categoriesArray,
	cellKey,
	DECISION_STATES,
	decisionsMap,
	entriesMap,
	leadsMap,
	metaMap,
	partsArray,
	PROCEDURE_STATES,
	PROGRESS_STATUSES,
	provisionsArray,
	type BoardDocs,
	type DecisionState,
	type EntryStatus,
	type ProcedureOutcome,
	type ProgressStatus
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
/** A decision the chair or secretariat recorded on an entry (plan document). */
export interface DecisionView {
	state: DecisionState;
	/** Who recorded it (user id; null when unknown, e.g. migrated from the first release). */
	by: number | null;
	at: number;
	/** The meeting it was taken in, if any. */
	meeting: number | null;
	/** `reserved`: the body that reserved its position, and the footnote every export prints. */
	reservation?: { body: string; text: string };
	/** A procedure (`ad-referendum`, `silence`): until when, who confirmed and who objected (body codes), how it ended. */
	procedure?: { deadline: number; confirmed: string[]; objected: string[]; outcome: ProcedureOutcome | null; closedAt: number | null };
}
export interface EntryView {
	id: string;
	provision: string;
	category: string;
	/** The body whose document holds the entry. */
	body: string;
	subsidiary?: string;
	text: string;
	/** The one status shown: the body's progress once it is ongoing or completed, else "agreed" when decided. */
	status: EntryStatus;
	/** What the body reports of its own activity. */
	progress: ProgressStatus;
	/** The agreement recorded in the plan document, if any. */
	decision?: DecisionView;
	uncertain: boolean;
	note?: string;
	order: number;
}
/** A plain, serialisable snapshot of a board's documents. */
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

/** The plan document's part of a board view. */
export type PlanView = Omit<BoardView, 'entries'> & { decisions: Record<string, DecisionView> };

function str(v: unknown): string {
	return typeof v === 'string' ? v : v == null ? '' : String(v);
}

/** Body codes the server keeps as one comma-separated string (a plain value: no nested type a client could grow). */
function codes(v: unknown): string[] {
	return typeof v === 'string' && v ? v.split(',') : [];
}

function num(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The status shown for an entry: progress reported by the body wins over the agreement it builds on. */
export function shownStatus(progress: ProgressStatus, decision: DecisionView | undefined): EntryStatus {
	if (progress !== 'proposed') return progress;
	return isAgreed(decision) ? 'agreed' : 'proposed';
}

/** Whether a decision counts as agreement: agreed, agreed with a reservation, or a procedure that ended agreed. */
export function isAgreed(decision: DecisionView | undefined): boolean {
	if (!decision) return false;
	return decision.state === 'agreed' || decision.state === 'reserved' || decision.procedure?.outcome === 'agreed';
}

/** Reads a decision map, or undefined when it is not one the model knows. */
export function readDecision(m: Y.Map<unknown> | undefined): DecisionView | undefined {
	const state = m?.get('state');
	if (!m || !(DECISION_STATES as readonly unknown[]).includes(state)) return undefined;
	const view: DecisionView = { state: state as DecisionState, by: num(m.get('by')), at: num(m.get('at')) ?? 0, meeting: num(m.get('meeting')) };
	if (state === 'reserved') view.reservation = { body: str(m.get('body')), text: str(m.get('note')) };
	if ((PROCEDURE_STATES as readonly unknown[]).includes(state)) {
		const outcome = m.get('outcome');
		view.procedure = {
			deadline: num(m.get('deadline')) ?? 0,
			confirmed: codes(m.get('confirmed')),
			objected: codes(m.get('objected')),
			outcome: outcome === 'agreed' || outcome === 'broken' ? outcome : null,
			closedAt: num(m.get('closedAt'))
		};
	}
	return view;
}

/** Reads one entry map of `body`'s document into its plain view. */
export function readEntry(id: string, body: string, m: Y.Map<unknown>, decision?: DecisionView): EntryView {
	const note = m.get('note');
	const subsidiary = m.get('subsidiary');
	const raw = m.get('status');
	const progress: ProgressStatus = (PROGRESS_STATUSES as readonly unknown[]).includes(raw) ? (raw as ProgressStatus) : 'proposed';
	return {
		id,
		provision: str(m.get('provision')),
		category: str(m.get('category')),
		body,
		subsidiary: typeof subsidiary === 'string' ? subsidiary : undefined,
		text: str(m.get('text')?.toString()),
		status: shownStatus(progress, decision),
		progress,
		decision,
		uncertain: m.get('uncertain') === true,
		note: typeof note === 'string' && note ? note : undefined,
		order: num(m.get('order')) ?? 0
	};
}

/** Reads the plan document: structure, leads and decisions. */
export function readPlan(plan: Y.Doc): PlanView {
	const meta = metaMap(plan);
	const decisions: Record<string, DecisionView> = {};
	decisionsMap(plan).forEach((m, id) => {
		const d = readDecision(m);
		if (d) decisions[id] = d;
	});
	return {
		title: str(meta.get('title')),
		asOf: str(meta.get('asOf')),
		parts: partsArray(plan).map((m) => ({ id: str(m.get('id')), title: str(m.get('title')) })),
		categories: categoriesArray(plan).map((m) => ({ id: str(m.get('id')), name: str(m.get('name')) })),
		provisions: provisionsArray(plan).map((m) => ({
			id: str(m.get('id')),
			part: str(m.get('part')),
			letter: str(m.get('letter')),
			text: str(m.get('text'))
		})),
		leads: leadsMap(plan).toJSON() as Record<string, string>,
		decisions
	};
}

/** The entries of one body's document, with the plan's decisions on them. */
export function readBodyEntries(body: string, doc: Y.Doc, decisions: Record<string, DecisionView>): EntryView[] {
	const entries: EntryView[] = [];
	entriesMap(doc).forEach((m, id) => entries.push(readEntry(id, body, m, decisions[id])));
	return entries;
}

/** Orders entries for display: by `order`, then id. */
export function byOrder(a: EntryView, b: EntryView): number {
	return a.order - b.order || a.id.localeCompare(b.id);
}

/** Reads all of a board's documents into a plain snapshot (server render, export, tests). */
export function readBoard(docs: BoardDocs): BoardView {
	const { decisions, ...plan } = readPlan(docs.plan);
	const entries: EntryView[] = [];
	for (const [code, doc] of docs.bodies) entries.push(...readBodyEntries(code, doc, decisions));
	entries.sort(byOrder);
	return { ...plan, entries };
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
	for (const list of cells.values()) list.sort(byOrder);
	return cells;
}

/**
 * The footnote number of each entry agreed with a reservation (entry id →
 * 1, 2, …) in board order: provisions, then categories, then the cell's own
 * order; entries outside the board's rows and columns have none. Exports
 * print the reservations under these numbers, in the cells and after the
 * matrix, and the board's badge shows the same one.
 */
export function reservationMarks(view: Pick<BoardView, 'provisions' | 'categories' | 'entries'>): Map<string, number> {
	const cells = entriesByCell(view.entries.filter((e) => e.decision?.reservation));
	const marks = new Map<string, number>();
	for (const p of view.provisions) {
		for (const c of view.categories) for (const e of cells.get(cellKey(p.id, c.id)) ?? []) marks.set(e.id, marks.size + 1);
	}
	return marks;
}

/** A reservation's footnote mark as the board and the exports print it after its entry ("[1]"). */
export const footnoteMark = (n: number) => `[${n}]`;
