import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { getAppContext } from '$lib/server/app-context';
import { listBodies } from '$lib/server/bodies';
import { requireRole } from '$lib/server/guards';
import { apaBase, applyImport, ImportError, planImport } from '$lib/server/import';
import { pendingImports } from '$lib/server/import/pending';
import { previewOf } from '$lib/server/import/summary';
import { loadSeeds } from '$lib/server/seeds';
import type { Actions, PageServerLoad } from './$types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** adapter-node's request body limit (env BODY_SIZE_LIMIT, default 512K), so the page can say so before uploading. */
function bodySizeLimit(value = '512K'): number {
	const m = /^(\d+)([KMG]?)$/i.exec(value.trim());
	return m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : Infinity;
}

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'secretariat');
	const limit = bodySizeLimit(env.BODY_SIZE_LIMIT);
	return { maxUploadBytes: Number.isFinite(limit) ? limit : null };
};

export const actions: Actions = {
	/** Step 1: read the file into a plan and show it; nothing is written. */
	preview: async ({ request, locals }) => {
		const user = requireRole(locals, 'secretariat');
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choose a .json, .csv, .xlsx or .docx file to import.' });
		const ctx = getAppContext();
		try {
			const plan = await planImport(
				{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
				{ base: apaBase(loadSeeds(ctx.config.seedsDir)), registry: listBodies(ctx.db) }
			);
			return { preview: previewOf(plan), token: pendingImports.put(plan, user.id) };
		} catch (e) {
			if (e instanceof ImportError) return fail(400, { message: e.message, fileName: file.name });
			throw e;
		}
	},

	/** Step 2: create the board the confirmed preview described. */
	create: async ({ request, locals }) => {
		const user = requireRole(locals, 'secretariat');
		const form = await request.formData();
		const token = form.get('token');
		const title = form.get('title');
		const asOf = form.get('asOf');
		if (typeof token !== 'string' || typeof title !== 'string' || typeof asOf !== 'string') {
			return fail(400, { message: 'The confirmation form is incomplete. Upload the file again.' });
		}
		const plan = pendingImports.get(token, user.id);
		if (!plan) return fail(400, { message: 'This preview has expired. Upload the file again.' });
		if (!title.trim()) return fail(400, { message: 'Give the new board a title.', preview: previewOf(plan), token });
		if (asOf.trim() && !ISO_DATE.test(asOf.trim())) {
			return fail(400, { message: 'The “as of” date must be a date (YYYY-MM-DD).', preview: previewOf(plan), token });
		}
		const board = applyImport(getAppContext().boards, plan, { title: title.trim(), asOf: asOf.trim() || null, createdBy: user.id });
		pendingImports.delete(token);
		redirect(303, `/boards/${board.id}`);
	}
};
