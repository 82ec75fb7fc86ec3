import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_SUGGESTION_TEXT } from '$lib/board/suggestions';
import { endpoint, readJson, readQuery } from '$lib/server/http';
import type { RequestHandler } from './$types';

const ID = z.string().min(1).max(100);
const CELL = z.string().min(3).max(200);
// Room for surrounding whitespace: the service trims and checks the limit with a sentence.
const TEXT = z.string({ error: 'Send the suggested text as `text`.' }).max(MAX_SUGGESTION_TEXT * 2);
const REASON = z.string().max(4_000).nullish();
/** The browser's id for the suggestion, so a resend is the same suggestion (docs/negotiation.md). */
const CLIENT_ID = z.uuid({ error: 'A suggestion’s `id` must be a UUID.' }).optional();

const NEW_SUGGESTION = z.discriminatedUnion(
	'kind',
	[
		z.strictObject({ kind: z.literal('wording'), id: CLIENT_ID, entryId: ID, text: TEXT, reason: REASON }),
		z.strictObject({ kind: z.literal('new-entry'), id: CLIENT_ID, body: z.string().min(1).max(32), cell: CELL, text: TEXT, reason: REASON }),
		z.strictObject({ kind: z.literal('move'), id: CLIENT_ID, entryId: ID, toCell: CELL, reason: REASON }),
		z.strictObject({ kind: z.literal('provision'), id: CLIENT_ID, provisionId: ID, text: TEXT, reason: REASON })
	],
	{ error: 'Say what kind of suggestion: wording, new-entry, move or provision.' }
);
const LISTING = z.object({ state: z.enum(['open', 'all']).default('open') });

/** GET ?state=open|all: the board's suggestions, oldest first. */
export const GET: RequestHandler = (event) =>
	endpoint(event, () => {
		const { state } = readQuery(event.url, LISTING);
		return json({ suggestions: event.locals.app.suggestions.list(event.params.id, state) });
	});

/**
 * POST { kind, id?, …}: suggests new wording for an entry or a provision, a new entry for a body, or a move.
 * The same `id` again from the same person answers with the suggestion it made (201 both times).
 */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		const input = await readJson(event.request, NEW_SUGGESTION);
		const suggestion = event.locals.app.suggestions.suggest(user, event.params.id, input);
		return json({ suggestion }, { status: 201 });
	});
