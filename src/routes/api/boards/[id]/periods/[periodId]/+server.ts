import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { boardOf, endpoint, idParam, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const ACTION = z.strictObject({ action: z.literal('lock', { error: 'The one action on a period is `lock` (approve it).' }) });

/** POST { action: 'lock' }: the secretariat approves the period; every report in it is then read-only. */
export const POST: RequestHandler = (event) =>
	endpoint(event, async (user) => {
		await readJson(event.request, ACTION);
		const period = event.locals.app.reporting.lockPeriod(boardOf(event).id, idParam(event.params.periodId, 'reporting period'), user);
		return json({ period });
	});
