import { wordDiff } from './diff';
import type { ThreadView } from './discussion';
import { parseCellKey } from './doc';
import { provisionRef } from './grouping';
import { cellOf, type HistoryKind, type HistoryRow } from './history';
import { describeSuggestion, type SuggestionView } from './suggestions';
import { isAgreed as decisionAgreed, type BoardView, type DecisionView, type EntryView } from './view';

/**
 * Draft minutes of a meeting, made from the board's per-cell history between
 * its start and end: per agenda item what changed, what was decided (entries
 * that became "agreed", lead bodies assigned) and the discussion threads still
 * open. Framework-free and deterministic (times in UTC), so the page, the
 * Markdown and the Word download all say the same thing.
 */

export interface MinutesInfo {
	meetingId: number;
	title: string;
	boardId: string;
	boardTitle: string;
	startedAt: number;
	/** When the meeting ended; for a draft of a running meeting, when the draft was made. */
	endedAt: number;
	running: boolean;
	startedByName: string | null;
	/** The named version saved when the meeting ended. */
	versionLabel: string | null;
}

/** One history row, as a sentence. */
export interface MinutesChange {
	id: number;
	at: number;
	who: string;
	/** The body the author spoke for. */
	body: string | null;
	kind: HistoryKind;
	cell: string;
	/** "added an entry of SOM-ED in Prevention: “…”" (without the author). */
	text: string;
}

export interface MinutesDecision {
	kind: 'agreed' | 'lead';
	cell: string;
	/** The category (column) name. */
	where: string;
	/** The entry's body, or the lead body. */
	body: string;
	/** The agreed entry's text; empty for a lead. */
	text: string;
	who: string;
	at: number;
}

/** A discussion thread left open at the end of the meeting. */
export interface MinutesComment {
	threadId: number;
	where: string;
	author: string;
	authorBody: string | null;
	text: string;
	at: number;
	replies: number;
}

/**
 * A suggestion rejected or withdrawn during the meeting: it changed no
 * document, so no history row says so (an accepted one is a change naming
 * its suggester).
 */
export interface MinutesSuggestion {
	id: number;
	state: 'rejected' | 'withdrawn';
	/** "New wording for a SOMTC entry in Prevention", "New wording for the provision". */
	what: string;
	/** What it proposed: “the suggested text”, or for a move “the entry” → A.b · Prevention. */
	text: string;
	author: string;
	authorBody: string | null;
	/** Who rejected it (its author, when withdrawn). */
	decidedBy: string;
	at: number;
}

export interface MinutesSection {
	changes: MinutesChange[];
	decisions: MinutesDecision[];
	comments: MinutesComment[];
	suggestions: MinutesSuggestion[];
}

export interface MinutesItem extends MinutesSection {
	number: number;
	provisionId: string;
	/** "A.b" (the id when the provision is no longer on the board). */
	ref: string;
	text: string;
}

export interface Minutes {
	info: MinutesInfo;
	items: MinutesItem[];
	/** Changes and decisions during the meeting on provisions that were not on the agenda. */
	other: MinutesSection;
}

export interface MinutesInput {
	info: MinutesInfo;
	view: Pick<BoardView, 'provisions' | 'categories'>;
	/** Provision ids in agenda order. */
	agenda: readonly string[];
	/** The board's history rows (any order; rows outside the meeting are ignored). */
	rows: readonly HistoryRow[];
	/** The board's discussion threads. */
	threads: readonly ThreadView[];
	/** The board's suggestions (any state; only those rejected or withdrawn during the meeting are named). */
	suggestions?: readonly SuggestionView[];
}

const STATUS: Record<string, string> = { proposed: 'Proposed', agreed: 'Agreed', ongoing: 'Ongoing', completed: 'Completed' };

/** “text” on one line: how the minutes quote entries and comments. */
export function quote(text: string): string {
	return `“${text.replace(/\s+/g, ' ').trim()}”`;
}

function whoOf(row: HistoryRow): string {
	return row.userName ?? (row.source === 'server' ? 'The server' : 'Someone');
}

/** Whether an entry state carries the agreement: its decision, or (rows recorded before decisions) its status. */
function isAgreed(e: EntryView | null | undefined): boolean {
	return !!e && (decisionAgreed(e.decision) || e.status === 'agreed');
}

/** A decision in words, for the minutes: "agreed with a reservation by ACWC (“…”)", "silence procedure started". */
export function decisionWords(d: DecisionView | undefined): string | null {
	if (!d) return null;
	if (d.state === 'agreed') return 'agreement';
	if (d.state === 'reserved') return `agreement with a reservation by ${d.reservation?.body ?? 'a body'}${d.reservation?.text ? ` (${quote(d.reservation.text)})` : ''}`;
	const kind = d.state === 'silence' ? 'silence procedure' : 'ad referendum';
	const p = d.procedure;
	if (p?.outcome === 'agreed') return `${kind} closed: agreed`;
	if (p?.outcome === 'broken') return `${kind} closed: objected to by ${p.objected.join(', ')}`;
	return `${kind} started`;
}

/** The decision recorded, changed or withdrawn between two states whose shown status is the same (progress wins over it). */
function agreementChange(before: EntryView, after: EntryView): string | null {
	if (before.status !== after.status) return null;
	const [was, now] = [decisionWords(before.decision), decisionWords(after.decision)];
	if (was === now) return null;
	return now ? `${now} recorded` : `${was === 'agreement' ? 'agreement' : 'decision'} withdrawn`;
}

function entryName(e: EntryView): string {
	return e.body ? `an entry of ${e.body}` : 'an entry of no body';
}

/**
 * What a text edit changed, word by word: "replaced “teachers” with “school
 * heads”", "added “(pilot)”"; past three such changes, or when nothing is
 * left, the text as it was.
 */
function textChanges(before: string, after: string): string[] {
	const runs: { del: string; add: string }[] = [];
	let run: { del: string; add: string } | null = null;
	for (const part of wordDiff(before, after)) {
		// Whitespace the two texts share does not split one change into several.
		if (part.op === 'same' && (part.text.trim() || !run)) {
			run = null;
			continue;
		}
		if (!run) runs.push((run = { del: '', add: '' }));
		if (part.op === 'same') {
			run.del += part.text;
			run.add += part.text;
		} else run[part.op] += part.text;
	}
	if (runs.length > 3 || (runs.length === 1 && runs[0].add.trim() === after.trim())) return [`text rewritten, was ${quote(before)}`];
	return runs.map(({ del, add }) =>
		!del.trim() ? `added ${quote(add)}` : !add.trim() ? `removed ${quote(del)}` : `replaced ${quote(del)} with ${quote(add)}`
	);
}

function editText(before: EntryView, after: EntryView, where: string): string {
	const what: string[] = [];
	if (before.text !== after.text) what.push(...textChanges(before.text, after.text));
	if (before.status !== after.status) what.push(`status ${STATUS[before.status]} → ${STATUS[after.status]}`);
	const agreement = agreementChange(before, after);
	if (agreement) what.push(agreement);
	if (before.uncertain !== after.uncertain) what.push(after.uncertain ? 'marked uncertain' : 'no longer marked uncertain');
	if ((before.note ?? '') !== (after.note ?? '')) what.push('note changed');
	if (before.body !== after.body) what.push(`re-attributed to ${after.body || 'no body'}`);
	return `edited ${entryName(before)} in ${where} (${what.join('; ') || 'no visible change'}): ${quote(after.text)}`;
}

/** What a history row says happened, as the rest of a sentence whose subject is its author. */
export function describeChange(row: HistoryRow, cellLabel: (cell: string) => string, where: string): string {
	if (row.kind === 'lead') {
		if (row.after === null) return `cleared the lead body of ${where} (was ${row.before})`;
		if (row.before === null) return `made ${row.after} the lead body of ${where}`;
		return `changed the lead body of ${where} from ${row.before} to ${row.after}`;
	}
	const { before, after } = row;
	const restored = row.source === 'restore' ? ' (restoring an earlier state)' : '';
	if (!before) return `added ${entryName(after!)} in ${where}: ${quote(after!.text)}${restored}`;
	if (!after) return `removed ${entryName(before)} from ${where}: ${quote(before.text)}${restored}`;
	if (row.kind === 'moved') {
		const [from, to] = [cellOf(before), cellOf(after)];
		const how = from === to ? `reordered ${entryName(after)} in ${where}` : `moved ${entryName(after)} from ${cellLabel(from)} to ${cellLabel(to)}`;
		return `${how}: ${quote(after.text)}${restored}`;
	}
	if (row.kind === 'status' && before.text === after.text) {
		if (agreementChange(before, after)) {
			const words = decisionWords(after.decision);
			const how = words ? `recorded ${words} on` : `withdrew the ${decisionWords(before.decision) === 'agreement' ? 'agreement' : 'decision'} on`;
			return `${how} ${entryName(after)} in ${where} (${STATUS[after.status]}): ${quote(after.text)}${restored}`;
		}
		return `set ${entryName(after)} in ${where} from ${STATUS[before.status]} to ${STATUS[after.status]}: ${quote(after.text)}${restored}`;
	}
	const suggested = row.suggestedByName ? ` (accepting a suggestion by ${row.suggestedByName})` : '';
	return editText(before, after, where) + restored + suggested;
}

/** Entries that became "agreed" and leads that were set during the meeting, net of what was undone. */
function decisionsOf(rows: readonly HistoryRow[], categoryName: (cell: string) => string): MinutesDecision[] {
	const byEntry = new Map<string, HistoryRow[]>();
	const byLead = new Map<string, HistoryRow[]>();
	for (const row of rows) {
		const map = row.kind === 'lead' ? byLead : byEntry;
		const key = row.kind === 'lead' ? row.cell : row.entryId;
		map.set(key, [...(map.get(key) ?? []), row]);
	}
	const decisions: MinutesDecision[] = [];
	for (const list of byEntry.values()) {
		const first = list[0].before as EntryView | null;
		const last = list.at(-1)!.after as EntryView | null;
		if (!last || !isAgreed(last) || isAgreed(first)) continue;
		const agreedBy = list.findLast((r) => isAgreed(r.after as EntryView | null) && !isAgreed(r.before as EntryView | null))!;
		const cell = cellOf(last);
		decisions.push({ kind: 'agreed', cell, where: categoryName(cell), body: last.body, text: last.text, who: whoOf(agreedBy), at: agreedBy.updatedAt });
	}
	for (const [cell, list] of byLead) {
		const last = list.at(-1)!;
		if (last.after === null || last.after === list[0].before) continue;
		decisions.push({ kind: 'lead', cell, where: categoryName(cell), body: last.after as string, text: '', who: whoOf(last), at: last.updatedAt });
	}
	return decisions.sort((a, b) => a.at - b.at);
}

/** A suggestion closed without being accepted between `from` and `to`, as the minutes name it; null for any other. */
function closedSuggestion(s: SuggestionView, from: number, to: number, categoryName: (cell: string) => string, cellLabel: (cell: string) => string): MinutesSuggestion | null {
	if ((s.state !== 'rejected' && s.state !== 'withdrawn') || s.decidedAt === null || s.decidedAt < from || s.decidedAt > to) return null;
	const what = s.cell && s.kind !== 'provision' ? `${describeSuggestion(s)} in ${categoryName(s.cell)}` : describeSuggestion(s);
	const text = s.kind === 'move' ? `${quote(s.baseText ?? '')} → ${cellLabel(s.toCell!)}` : quote(s.text ?? '');
	return { id: s.id, state: s.state, what, text, author: s.authorName, authorBody: s.authorBody, decidedBy: s.decidedByName ?? 'Someone', at: s.decidedAt };
}

/** Builds the minutes: one section per agenda item, in agenda order, and one for everything else. */
export function composeMinutes({ info, view, agenda, rows, threads, suggestions = [] }: MinutesInput): Minutes {
	const provisions = new Map(view.provisions.map((p) => [p.id, p]));
	const categories = new Map(view.categories.map((c) => [c.id, c.name]));
	const categoryName = (cell: string) => {
		const { category } = parseCellKey(cell);
		return categories.get(category) ?? category;
	};
	const cellLabel = (cell: string) => {
		const { provision } = parseCellKey(cell);
		const p = provisions.get(provision);
		return `${p ? provisionRef(p) : provision} · ${categoryName(cell)}`;
	};
	const during = rows
		.filter((r) => r.updatedAt >= info.startedAt && r.startedAt <= info.endedAt)
		.sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);

	const sections = new Map<string, MinutesSection>(agenda.map((id) => [id, { changes: [], decisions: [], comments: [], suggestions: [] }]));
	const other: MinutesSection = { changes: [], decisions: [], comments: [], suggestions: [] };
	const sectionOf = (cell: string) => sections.get(parseCellKey(cell).provision) ?? other;
	// A move between two cells has a row in each: one line per section is enough.
	const seen = new Set<string>();
	for (const row of during) {
		const section = sectionOf(row.cell);
		const provision = parseCellKey(row.cell).provision;
		const key = `${sections.has(provision) ? provision : ''}|${row.entryId}|${row.kind}|${row.seqFrom}|${row.seqTo}`;
		if (seen.has(key)) continue;
		seen.add(key);
		section.changes.push({
			id: row.id,
			at: row.updatedAt,
			who: whoOf(row),
			body: row.body,
			kind: row.kind,
			cell: row.cell,
			text: describeChange(row, cellLabel, categoryName(row.cell))
		});
	}
	for (const decision of decisionsOf(during, categoryName)) sectionOf(decision.cell).decisions.push(decision);
	for (const s of [...suggestions].sort((a, b) => (a.decidedAt ?? 0) - (b.decidedAt ?? 0) || a.id - b.id)) {
		const closed = closedSuggestion(s, info.startedAt, info.endedAt, categoryName, cellLabel);
		if (closed) (sections.get(s.provisionId) ?? other).suggestions.push(closed);
	}
	for (const t of threads) {
		const section = sections.get(parseCellKey(t.cell).provision);
		const first = t.comments[0];
		const openAtEnd = t.resolvedAt === null || t.resolvedAt > info.endedAt;
		if (!section || !first || first.createdAt > info.endedAt || !openAtEnd) continue;
		section.comments.push({
			threadId: t.id,
			where: categoryName(t.cell),
			author: first.authorName,
			authorBody: first.authorBody,
			text: first.body,
			at: first.createdAt,
			replies: t.comments.filter((c) => c.createdAt <= info.endedAt).length - 1
		});
	}
	const items = agenda.map((id, i): MinutesItem => {
		const p = provisions.get(id);
		const section = sections.get(id)!;
		section.comments.sort((a, b) => a.at - b.at);
		return { number: i + 1, provisionId: id, ref: p ? provisionRef(p) : id, text: p?.text ?? '', ...section };
	});
	return { info, items, other };
}
