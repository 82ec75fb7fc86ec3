import { parseCellKey } from './doc';
import type { ThreadView } from './discussion';
import { provisionRef } from './grouping';
import { describeSuggestion, type SuggestionView } from './suggestions';
import type { BoardView } from './view';

/**
 * The comment-resolution matrix in the ISO/IEC layout secretariats know:
 * one row per comment — who (the body), where (provision, then category and
 * entry), its type (ge general, te technical, ed editorial), the comment,
 * the proposed change, and the secretariat's observations. A board's open
 * suggestions and open threads export as rows; a body's filled matrix
 * imports as suggestions and comments. Framework-free, shared by the
 * server's export/import and the browser's preview.
 */

export const MATRIX_COLUMNS = ['Body', 'Provision', 'Paragraph (category · entry)', 'Type', 'Comment', 'Proposed change', 'Observations of the secretariat'] as const;
export const COMMENT_TYPES = ['ge', 'te', 'ed'] as const;
export type CommentType = (typeof COMMENT_TYPES)[number];

export interface MatrixRow {
	body: string;
	provision: string;
	paragraph: string;
	type: CommentType;
	comment: string;
	proposedChange: string;
	observations: string;
}

const ENTRY_MARK = /·\s*entry\s+([A-Za-z0-9_-]{1,64})\s*$/;

/** "Training/Capacity Building · entry k3x9…": where a row points inside a provision. */
export function paragraphOf(view: BoardView, category: string | null, entryId: string | null): string {
	const name = category ? (view.categories.find((c) => c.id === category)?.name ?? category) : '';
	return entryId ? `${name} · entry ${entryId}` : name;
}

/** The board's open suggestions and open threads as matrix rows, in board order. */
export function matrixRows(view: BoardView, suggestions: readonly SuggestionView[], threads: readonly ThreadView[]): MatrixRow[] {
	const refOf = (provision: string) => {
		const p = view.provisions.find((x) => x.id === provision);
		return p ? provisionRef(p) : provision;
	};
	const order = new Map(view.provisions.map((p, i) => [p.id, i]));
	const rows: (MatrixRow & { rank: number })[] = [];
	for (const s of suggestions) {
		const cell = s.cell ? parseCellKey(s.cell) : null;
		const change = s.kind === 'move' ? `Move to ${s.toCell ? paragraphOf(view, parseCellKey(s.toCell).category, null) : ''} (${s.toCell ? refOf(parseCellKey(s.toCell).provision) : ''})` : (s.text ?? '');
		rows.push({
			rank: order.get(s.provisionId) ?? Number.MAX_SAFE_INTEGER,
			body: s.authorBody ?? 'Secretariat',
			provision: refOf(s.provisionId),
			paragraph: paragraphOf(view, cell?.category ?? null, s.entryId),
			type: s.kind === 'provision' ? 'ed' : 'te',
			comment: s.reason ?? describeSuggestion(s),
			proposedChange: change,
			observations: ''
		});
	}
	for (const t of threads) {
		if (t.resolvedAt !== null) continue;
		const { provision, category } = parseCellKey(t.cell);
		const first = t.comments[0];
		rows.push({
			rank: order.get(provision) ?? Number.MAX_SAFE_INTEGER,
			body: first?.authorBody ?? 'Secretariat',
			provision: refOf(provision),
			paragraph: paragraphOf(view, category, t.entryId),
			type: 'ge',
			comment: first?.body ?? '',
			proposedChange: '',
			observations: ''
		});
	}
	return rows.sort((a, b) => a.rank - b.rank).map(({ rank: _, ...row }) => row);
}

/** What one imported row becomes, or why it cannot. */
export type RowPlan =
	| { row: number; as: 'wording'; entryId: string; text: string; reason: string | null }
	| { row: number; as: 'provision'; provisionId: string; text: string; reason: string | null }
	| { row: number; as: 'comment'; cell: string; entryId: string | null; text: string }
	| { row: number; as: 'skip'; problem: string };

/**
 * Reads a filled matrix's rows against the board: a proposed change on an
 * entry is a suggestion of new wording, on a provision (no paragraph) new
 * wording for it; a comment without a proposed change is a comment on the
 * cell (or its entry). Only the rows of `body` (or with no body) are taken:
 * an exported matrix carries everyone's rows. Rows it cannot place are
 * skipped with the reason.
 */
export function planRows(view: BoardView, rows: readonly MatrixRow[], body: string): RowPlan[] {
	return rows.map((r, i): RowPlan => {
		const row = i + 2; // the sheet's row number: the header is row 1
		if (r.body.trim() && r.body.trim().toLowerCase() !== body.toLowerCase()) return { row, as: 'skip', problem: `A row of ${r.body}, not ${body}.` };
		const provision = view.provisions.find((p) => provisionRef(p) === r.provision.trim());
		if (!provision) return { row, as: 'skip', problem: `No provision “${r.provision}” on this board.` };
		const entryId = ENTRY_MARK.exec(r.paragraph)?.[1] ?? null;
		const categoryName = r.paragraph.replace(ENTRY_MARK, '').trim();
		const entry = entryId ? view.entries.find((e) => e.id === entryId && e.provision === provision.id) : undefined;
		if (entryId && !entry) return { row, as: 'skip', problem: `No entry ${entryId} under ${r.provision}.` };
		const category = entry ? entry.category : view.categories.find((c) => c.name.toLowerCase() === categoryName.toLowerCase())?.id;
		if (categoryName && !category) return { row, as: 'skip', problem: `No category “${categoryName}” on this board.` };
		const change = r.proposedChange.trim();
		const comment = r.comment.trim();
		if (!change && !comment) return { row, as: 'skip', problem: 'The row has neither a comment nor a proposed change.' };
		if (change && entry) return { row, as: 'wording', entryId: entry.id, text: change, reason: comment || null };
		if (change && !category) return { row, as: 'provision', provisionId: provision.id, text: change, reason: comment || null };
		const text = change ? `${comment}${comment ? '\n' : ''}Proposed change: ${change}` : comment;
		return { row, as: 'comment', cell: `${provision.id}|${category ?? view.categories[0]?.id ?? ''}`, entryId: entry?.id ?? null, text };
	});
}
