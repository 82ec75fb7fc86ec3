import { json } from '@sveltejs/kit';
import { EntryBodyInput, type EntryBodyAnswer } from '$lib/contract/entries';
import { endpoint, readJson } from '$lib/server/http';
import { listBodies } from '$lib/server/boards/bodies';
import { reattributeEntry } from '$lib/server/boards/reattribute';
import type { RequestHandler } from './$types';

/** POST `{ body }`: moves the entry to that sectoral body (the secretariat only), keeping its id, history and comments. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (me) => {
		const { body } = await readJson(event.request, EntryBodyInput);
		const ctx = event.locals.app;
		const registry = listBodies(ctx.db);
		const bodies = new Set(registry.filter((b) => !b.parent).map((b) => b.code));
		const subsidiaries = new Map<string, Set<string>>();
		for (const b of registry) if (b.parent) subsidiaries.set(b.parent, new Set([...(subsidiaries.get(b.parent) ?? []), b.code]));
		const user = { userId: me.id, name: me.name, role: me.role, body: me.body };
		const result = reattributeEntry({ rooms: ctx.rooms, boards: ctx.boards, bodies, subsidiaries }, event.params.id, event.params.entry, body, user);
		if (!result.ok) return json({ message: result.message }, { status: result.status });
		return json({ body: result.body } satisfies EntryBodyAnswer);
	});
