import { z } from 'zod';
import { MAX_SUGGESTION_TEXT, type NewSuggestion as BoardNewSuggestion, type SuggestionView } from '../board/suggestions';

/** `/api/boards/<id>/suggestions…`: suggestions on a board (docs/negotiation.md). */

const ID = z.string().min(1).max(100);
const CELL = z.string().min(3).max(200);
// Room for surrounding whitespace: the service trims and checks the limit with a sentence.
const TEXT = z.string({ error: 'Send the suggested text as `text`.' }).max(MAX_SUGGESTION_TEXT * 2);
const REASON = z.string().max(4_000).nullish();
/** The browser's id for the suggestion, so a resend is the same suggestion. */
const CLIENT_ID = z.uuid({ error: 'A suggestion’s `id` must be a UUID.' }).optional();

/** GET `?state=open|all`. */
export const SuggestionListingQuery = z.object({ state: z.enum(['open', 'all']).default('open') });
export type SuggestionListingQuery = z.input<typeof SuggestionListingQuery>;

/** POST: new wording for an entry or a provision, a new entry for a body, or a move. */
export const NewSuggestion = z.discriminatedUnion(
	'kind',
	[
		z.strictObject({ kind: z.literal('wording'), id: CLIENT_ID, entryId: ID, text: TEXT, reason: REASON }),
		z.strictObject({ kind: z.literal('new-entry'), id: CLIENT_ID, body: z.string().min(1).max(32), cell: CELL, text: TEXT, reason: REASON }),
		z.strictObject({ kind: z.literal('move'), id: CLIENT_ID, entryId: ID, toCell: CELL, reason: REASON }),
		z.strictObject({ kind: z.literal('provision'), id: CLIENT_ID, provisionId: ID, text: TEXT, reason: REASON })
	],
	{ error: 'Say what kind of suggestion: wording, new-entry, move or provision.' }
);
/** The board layer's own type is what the endpoint sends: the two must stay one shape. */
export type NewSuggestion = BoardNewSuggestion;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameShape: Same<z.input<typeof NewSuggestion>, BoardNewSuggestion> = true;
void sameShape;

/** POST `/suggestions/<suggestionId>`: accept or reject (those who may write the target), or withdraw (its author). */
export const SuggestionAction = z.strictObject({ action: z.enum(['accept', 'reject', 'withdraw'], { error: 'Send `action`: accept, reject or withdraw.' }) });
export type SuggestionAction = z.input<typeof SuggestionAction>['action'];

/** GET: the board's suggestions, oldest first. */
export interface SuggestionList {
	suggestions: SuggestionView[];
}

/** POST: the suggestion made, decided or withdrawn. */
export interface SuggestionAnswer {
	suggestion: SuggestionView;
}
