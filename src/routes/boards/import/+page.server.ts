import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { env } from '$env/dynamic/private';
import { badRequest } from '$lib/server/app-error';
import * as http from '$lib/server/http';
import * as identity from '$lib/server/identity';
import * as importer from '$lib/server/import';
import type { Actions, PageServerLoad } from './$types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** adapter-node's request body limit (env BODY_SIZE_LIMIT, default 512K), so the page can say so before uploading. */
function bodySizeLimit(value = '512K'): number {
	const m = /^(\d+)([KMG]?)$/i.exec(value.trim());
	return m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : Infinity;
}

export const load: PageServerLoad = ({ locals }) => {
	identity.requireRole(locals, 'secretariat');
	const limit = bodySizeLimit(env.BODY_SIZE_LIMIT);
	return { maxUploadBytes: Number.isFinite(limit) ? limit : null };
};

const UPLOAD = z.object({
	file: z.instanceof(File, { error: 'Choose a .json, .csv, .xlsx or .docx file to import.' }).refine((f) => f.size > 0, 'Choose a .json, .csv, .xlsx or .docx file to import.')
});
const CONFIRM = z.object(
	{ token: z.string(), title: z.string().trim(), asOf: z.string().trim() },
	{ error: 'The confirmation form is incomplete. Upload the file again.' }
);

export const actions: Actions = {
	/** Step 1: read the file into a plan and show it; nothing is written. */
	preview: http.formAction(UPLOAD, async ({ file }, { locals }) => {
		const user = identity.requireRole(locals, 'secretariat');
		const { plan, token } = await locals.app.imports.preview({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, user.id);
		return { preview: importer.previewOf(plan), token };
	}),

	/** Step 2: create the board the confirmed preview described. */
	create: http.formAction(CONFIRM, ({ token, title, asOf }, { locals }) => {
		const user = identity.requireRole(locals, 'secretariat');
		const imports = locals.app.imports;
		const plan = imports.pending.get(token, user.id);
		if (!plan) throw badRequest('This preview has expired. Upload the file again.');
		// The preview stays on the page so the person can fix the title or date.
		if (!title) return fail(400, { message: 'Give the new board a title.', preview: importer.previewOf(plan), token });
		if (asOf && !ISO_DATE.test(asOf)) {
			return fail(400, { message: 'The “as of” date must be a date (YYYY-MM-DD).', preview: importer.previewOf(plan), token });
		}
		const board = imports.apply(plan, { title, asOf: asOf || null, createdBy: user.id });
		imports.pending.delete(token);
		redirect(303, `/boards/${board.id}`);
	})
};
