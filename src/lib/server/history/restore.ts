import * as Y from 'yjs';
import { bodyDocName, decisionsMap, entriesMap, leadsMap, mapOf, PLAN_DOC, PROGRESS_STATUSES, type BoardDocs, type ProgressStatus } from '../../board/doc';
import type { HistoryRow } from '../../board/history';
import { replaceText } from '../../board/mutations';
import { whyNotWriteDoc, type Actor, type Role } from '../../board/permissions';
import { readDecision, type EntryView } from '../../board/view';
import { conflict, forbidden, notFound } from '../app-error';
import type { Boards } from '../boards/boards';
import type { ConnectionUser } from '../collab/options';
import type { Rooms } from '../collab/rooms';
import type { HistoryQueries } from './queries';

/**
 * Restoring an earlier state is a new change, never a rewrite: the target
 * state is worked out from the history rows, the documents it would write
 * are checked with the WebSocket's own rule (may this person write this
 * document now), then each is changed through `rooms.change` — stored,
 * broadcast and recorded (origin `restore`) like anyone's edit.
 */

export interface RestoreRequest {
	cell: string;
	/** The history row whose state to go back to. */
	row: number;
	/** `entry`: only that row's entry (or lead); `cell`: the whole cell. */
	scope: 'entry' | 'cell';
	/** The state right after the row's change (default) or right before it. */
	at: 'after' | 'before';
}

/** What a restore reads and writes: the board row, its history and its live documents. */
export interface RestorerDeps {
	rooms: Rooms;
	boards: Boards;
	history: HistoryQueries;
}

/** Target states: entry id → its state (null: must not exist); cell key → lead (null: none). */
interface Targets {
	entries: Map<string, EntryView | null>;
	leads: Map<string, string | null>;
}

/** One document's share of a restore: what to do to it, as a function of the live document. */
type Step = (doc: Y.Doc) => number;

/** Restores cells, or one entry of a cell, to an earlier state of their history. */
export class Restorer {
	#deps;

	constructor(deps: RestorerDeps) {
		this.#deps = deps;
	}

	/**
	 * Restores a cell (or one entry of it) to its state after or before a
	 * history row, as `user`; the number of changes made. AppError 404 (no
	 * such row in the cell), 409 (nothing to restore), 403 (`user` may not
	 * write a document it would change).
	 */
	restore(boardId: string, user: ConnectionUser, req: RestoreRequest): { changed: number } {
		const { rooms, boards, history } = this.#deps;
		const board = boards.get(boardId);
		const row = history.byId(boardId, req.row);
		if (!board || !row || row.cell !== req.cell) throw notFound('No such change in this cell’s history.');
		const targets = req.scope === 'entry' ? entryTarget(row, req.at) : cellTargets(history, boardId, row, req.at);
		const steps = plan(rooms.readDocs(boardId), targets, user.userId);
		if (steps.size === 0) throw conflict('Nothing to restore: the cell is already in that state.');
		const actor: Actor = { role: user.role as Role, body: user.body };
		for (const docName of steps.keys()) {
			const refused = whyNotWriteDoc(actor, docName, board.status);
			if (refused) throw forbidden(refused);
		}
		let changed = 0;
		for (const [docName, list] of steps) {
			changed += rooms.change(boardId, docName, user, (doc) => list.reduce((n, step) => n + step(doc), 0));
		}
		return { changed };
	}
}

function entryTarget(row: HistoryRow, at: RestoreRequest['at']): Targets {
	const targets: Targets = { entries: new Map(), leads: new Map() };
	if (row.kind === 'lead') targets.leads.set(row.cell, at === 'after' ? row.after : row.before);
	else targets.entries.set(row.entryId, at === 'after' ? row.after : row.before);
	return targets;
}

/**
 * The cell as it was at update `seq` (right after or before `row`): every
 * entry and lead changed in the cell since then goes back to its value
 * before the first of those changes; everything else stays as it is. A row
 * whose burst straddles `seq` counts as after it.
 */
function cellTargets(history: HistoryQueries, boardId: string, row: HistoryRow, at: RestoreRequest['at']): Targets {
	const seq = at === 'after' ? row.seqTo : row.seqFrom - 1;
	const targets: Targets = { entries: new Map(), leads: new Map() };
	// Newest first, so each entry ends up with the `before` of its oldest later change.
	for (const later of history.afterSeq(boardId, row.cell, seq)) {
		if (later.kind === 'lead') targets.leads.set(later.cell, later.before);
		else targets.entries.set(later.entryId, later.before);
	}
	return targets;
}

/** An entry state's progress and agreement, also for rows recorded before agreement was a decision. */
function splitStatus(target: EntryView): { progress: ProgressStatus; agreed: boolean } {
	const progress = target.progress ?? ((PROGRESS_STATUSES as readonly string[]).includes(target.status) ? (target.status as ProgressStatus) : 'proposed');
	const agreed = target.decision ? target.decision.state === 'agreed' : target.status === 'agreed';
	return { progress, agreed };
}

/** Per document, the steps that make it match the targets; documents already matching have none. */
function plan(docs: BoardDocs, targets: Targets, userId: number | null): Map<string, Step[]> {
	const steps = new Map<string, Step[]>();
	const add = (docName: string, step: Step) => {
		const list = steps.get(docName);
		if (list) list.push(step);
		else steps.set(docName, [step]);
	};
	const decisions = decisionsMap(docs.plan);
	for (const [id, target] of targets.entries) {
		const body = docs.bodyOfEntry(id);
		if (body && (!target || target.body !== body)) {
			add(bodyDocName(body), (doc) => (entriesMap(doc).has(id) ? (entriesMap(doc).delete(id), 1) : 0));
		}
		const agreedNow = readDecision(decisions.get(id))?.state === 'agreed';
		if (target) {
			const { progress, agreed } = splitStatus(target);
			const current = body === target.body ? entriesMap(docs.body(body)).get(id) : undefined;
			if (!current || differs(current, target, progress)) add(bodyDocName(target.body), (doc) => writeEntry(doc, id, target, progress));
			if (agreed !== agreedNow) {
				add(PLAN_DOC, (doc) => {
					if (agreed) decisionsMap(doc).set(id, mapOf({ state: 'agreed', by: userId, at: Date.now(), meeting: null }) as Y.Map<unknown>);
					else decisionsMap(doc).delete(id);
					return 1;
				});
			}
		} else if (agreedNow) {
			add(PLAN_DOC, (doc) => (decisionsMap(doc).delete(id), 1));
		}
	}
	const leads = leadsMap(docs.plan);
	for (const [cell, lead] of targets.leads) {
		if ((leads.get(cell) ?? null) === lead) continue;
		add(PLAN_DOC, (doc) => {
			if (lead) leadsMap(doc).set(cell, lead);
			else leadsMap(doc).delete(cell);
			return 1;
		});
	}
	return steps;
}

const SCALARS = ['provision', 'category', 'subsidiary', 'uncertain', 'note', 'order'] as const;

function scalarsOf(target: EntryView, progress: ProgressStatus): Record<string, unknown> {
	const fields: Record<string, unknown> = { status: progress };
	for (const f of SCALARS) fields[f] = target[f];
	return fields;
}

function differs(m: Y.Map<unknown>, target: EntryView, progress: ProgressStatus): boolean {
	const fields = scalarsOf(target, progress);
	for (const [k, v] of Object.entries(fields)) {
		const current = m.get(k);
		if (k === 'uncertain' ? (current === true) !== v : (current ?? undefined) !== v) return true;
	}
	return String(m.get('text') ?? '') !== target.text;
}

/** Makes the entry in its body's document match `target`, writing only what differs. */
function writeEntry(doc: Y.Doc, id: string, target: EntryView, progress: ProgressStatus): number {
	const entries = entriesMap(doc);
	const m = entries.get(id);
	const fields = scalarsOf(target, progress);
	if (!m) {
		entries.set(id, mapOf({ ...fields, text: new Y.Text(target.text) }));
		return 1;
	}
	for (const [k, v] of Object.entries(fields)) {
		const current = m.get(k);
		if (k === 'uncertain' ? (current === true) === v : (current ?? undefined) === v) continue;
		if (v === undefined) m.delete(k);
		else m.set(k, v);
	}
	const text = m.get('text');
	// The smallest middle edit: concurrent typing elsewhere in the text survives.
	if (text instanceof Y.Text) replaceText(text, target.text);
	else {
		m.set('text', new Y.Text(target.text));
	}
	return 1;
}
