import { json } from '@sveltejs/kit';
import { NewSuggestion, SuggestionListingQuery, type SuggestionAnswer, type SuggestionList } from '$lib/contract/suggestions';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** GET ?state=open|all: the board's suggestions, oldest first. */
export const GET: RequestHandler = (event) =>
	http.endpoint(event, () => {
		const { state } = http.readQuery(event.url, SuggestionListingQuery);
		return json({ suggestions: event.locals.app.suggestions.list(event.params.id, state) } satisfies SuggestionList);
	});

/**
 * POST { kind, id?, …}: suggests new wording for an entry or a provision, a new entry for a body, or a move.
 * The same `id` again from the same person answers with the suggestion it made (201 both times).
 */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const input = await http.readJson(event.request, NewSuggestion);
		const suggestion = event.locals.app.suggestions.suggest(user, event.params.id, input);
		return json({ suggestion } satisfies SuggestionAnswer, { status: 201 });
	});
