import { json } from '@sveltejs/kit';
import { SuggestionAction, type SuggestionAnswer } from '$lib/contract/suggestions';
import * as http from '$lib/server/http';
import type { RequestHandler } from './$types';

/** POST { action }: accept or reject (those who may write the target), or withdraw (its author). */
export const POST: RequestHandler = (event) =>
	http.endpoint(event, async (user) => {
		const id = http.idParam(event.params.suggestionId, 'suggestion');
		const { action } = await http.readJson(event.request, SuggestionAction);
		const { suggestions } = event.locals.app;
		const suggestion =
			action === 'withdraw' ? suggestions.withdraw(user, event.params.id, id) : suggestions.decide(user, event.params.id, id, action);
		return json({ suggestion } satisfies SuggestionAnswer);
	});
