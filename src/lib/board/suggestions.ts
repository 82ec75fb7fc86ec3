import { bodyDocName, PLAN_DOC } from './doc';
import { whyNot, whyNotWriteDoc, type Actor, type BoardStatus, type UserActor } from './permissions';
import type { BoardView } from './view';

/**
 * Suggestions: changes a person proposes to a document they may not write
 * (another body's entry, a new entry for another body, a move, a
 * provision's wording). They are relational rows on the server, never Yjs
 * updates in the target's document (docs/negotiation.md says why), and those
 * who may write the target accept them there as their own, attributed edit.
 * Framework-free: the server and the browser share these types and rules.
 */

export const SUGGESTION_KINDS = ['wording', 'new-entry', 'move', 'provision'] as const;
/** New wording for an entry, a new entry for a body, moving an entry to another cell, new wording for a provision. */
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export const SUGGESTION_STATES = ['open', 'accepted', 'rejected', 'withdrawn'] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];

/** Longest suggested text: an entry's limit in the documents' shape check. */
export const MAX_SUGGESTION_TEXT = 20_000;

/** A suggestion as the server lists it and the board shows it. */
export interface SuggestionView {
	id: number;
	kind: SuggestionKind;
	state: SuggestionState;
	/** The body whose document accepting it writes; null: the plan (a provision's wording). */
	targetBody: string | null;
	/** The cell it is shown in: the entry's (wording, move), the new entry's (new-entry); null for a provision. */
	cell: string | null;
	entryId: string | null;
	provisionId: string;
	/** The cell a move goes to. */
	toCell: string | null;
	/** The suggested text (wording, new entry, provision). */
	text: string | null;
	/** The target's text when it was suggested. */
	baseText: string | null;
	/** Why: the suggester's explanation, optional. */
	reason: string | null;
	authorId: number;
	authorName: string;
	/** The body the suggester spoke for (null for the secretariat). */
	authorBody: string | null;
	createdAt: number;
	decidedById: number | null;
	decidedByName: string | null;
	decidedAt: number | null;
}

/**
 * What a person suggests (the API's payload); the server reads the target's
 * current state itself. `id`: the browser's own id for it (a uuid), so
 * sending it again — from the outbox after being offline, or after a lost
 * answer — never makes a second suggestion.
 */
export type NewSuggestion = { id?: string; reason?: string | null } & (
	| { kind: 'wording'; entryId: string; text: string }
	| { kind: 'new-entry'; body: string; cell: string; text: string }
	| { kind: 'move'; entryId: string; toCell: string }
	| { kind: 'provision'; provisionId: string; text: string }
);

/** Where accepting a suggestion writes: its target's document. */
export function targetDocOf(s: Pick<SuggestionView, 'targetBody'>): string {
	return s.targetBody === null ? PLAN_DOC : bodyDocName(s.targetBody);
}

/** Why `actor` may not make a suggestion on a board in `status` (null: they may). Everyone but observers, on an open board. */
export function whyNotSuggest(actor: Actor, status: BoardStatus): string | null {
	if (actor.role === 'observer') return 'Observers can read suggestions but not make them.';
	// On a finalized board, the same sentence as every other refused change.
	return status === 'open' ? null : whyNot(actor, { kind: 'edit-structure' }, status);
}

/**
 * Why `actor` may not accept or reject an open suggestion (null: they may):
 * those who may write its target's document — the owning body's delegates
 * and the secretariat for entries, the chair and the secretariat for provisions.
 */
export function whyNotDecideSuggestion(actor: Actor, s: Pick<SuggestionView, 'targetBody' | 'state'>, status: BoardStatus): string | null {
	if (s.state !== 'open') return `This suggestion is already ${s.state}.`;
	const refused = whyNotWriteDoc(actor, targetDocOf(s), status);
	if (!refused || status === 'finalized' || actor.role === 'observer') return refused;
	return s.targetBody === null
		? 'Only the chair and the secretariat accept or reject suggestions on provisions.'
		: `Only ${s.targetBody} delegates and the secretariat accept or reject suggestions on ${s.targetBody} entries.`;
}

/** Why `actor` may not withdraw a suggestion: only its author, while it is open. */
export function whyNotWithdraw(actor: UserActor, s: Pick<SuggestionView, 'authorId' | 'state'>): string | null {
	if (s.state !== 'open') return `This suggestion is already ${s.state}.`;
	return s.authorId === actor.id ? null : 'Only its author can withdraw a suggestion.';
}

/** What a suggestion proposes, in a few words (lists, minutes, the comment-resolution matrix). */
export function describeSuggestion(s: Pick<SuggestionView, 'kind' | 'targetBody'>): string {
	switch (s.kind) {
		case 'wording':
			return `New wording for a ${s.targetBody} entry`;
		case 'new-entry':
			return `A new ${s.targetBody} entry`;
		case 'move':
			return `Move a ${s.targetBody} entry`;
		case 'provision':
			return 'New wording for the provision';
	}
}

/**
 * What a suggestion's target reads on the board now (null: the entry is
 * gone, or it is a new entry): a suggestion is shown as a word diff against
 * it, so whoever accepts it sees exactly what accepting does.
 */
export function currentTargetText(view: Pick<BoardView, 'provisions' | 'entries'>, s: { kind: SuggestionKind; provisionId: string; entryId: string | null }): string | null {
	if (s.kind === 'provision') return view.provisions.find((p) => p.id === s.provisionId)?.text ?? null;
	if (s.entryId) return view.entries.find((e) => e.id === s.entryId)?.text ?? null;
	return null;
}
