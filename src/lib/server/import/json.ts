import { badRequest } from '../app-error';
import { z } from 'zod';
import { ENTRY_STATUSES } from '../../board/doc';
import { resolveBody, type ImportPlan, type ImportProblem, type PlannedEntry, type PlannedLead, type RegistryBody } from './plan';

const entrySchema = z.object({
	body: z.string().min(1),
	subsidiary: z.string().min(1).optional(),
	text: z.string(),
	status: z.enum(ENTRY_STATUSES),
	uncertain: z.boolean(),
	note: z.string().optional()
});

const cellSchema = z.object({
	lead: z.string().min(1).nullable(),
	entries: z.array(entrySchema)
});

const provisionSchema = z.object({
	ref: z.string().min(1),
	part: z.string().min(1),
	letter: z.string().min(1),
	text: z.string(),
	cells: z.record(z.string(), cellSchema)
});

/** The JSON export schema (docs/export-format.md), as the importer accepts it. */
export const boardJsonSchema = z
	.object({
		format: z.literal('planning-board').optional(),
		formatVersion: z.literal(1).optional(),
		board: z.object({
			id: z.string().optional(),
			title: z.string().trim().min(1),
			asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').nullable(),
			status: z.enum(['open', 'finalized']).optional(),
			version: z.string().optional()
		}),
		parts: z.array(z.object({ id: z.string().min(1), title: z.string() })).optional(),
		categories: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) })).min(1),
		bodies: z.array(z.object({ code: z.string(), name: z.string(), pillar: z.string(), parent: z.string().optional() })).optional(),
		provisions: z.array(provisionSchema)
	})
	.superRefine((file, ctx) => {
		const seen = new Set<string>();
		file.provisions.forEach((p, i) => {
			if (seen.has(p.ref)) ctx.addIssue({ code: 'custom', path: ['provisions', i, 'ref'], message: `duplicate provision ref “${p.ref}”` });
			seen.add(p.ref);
		});
		const ids = new Set<string>();
		file.categories.forEach((c, i) => {
			if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate category id “${c.id}”` });
			ids.add(c.id);
		});
	});

function describeIssues(error: z.ZodError): string {
	const issues = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
	const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
	return `This JSON file is not a Planning Board export: ${issues.join('; ')}${more}.`;
}

/** The import plan of a JSON export: its own structure, with every entry whose body the registry does not know listed as a problem. */
export function planFromJson(fileName: string, bytes: Uint8Array, registry: readonly RegistryBody[]): ImportPlan {
	let raw: unknown;
	try {
		raw = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
	} catch (e) {
		throw badRequest(`This file is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')}).`);
	}
	const parsed = boardJsonSchema.safeParse(raw);
	if (!parsed.success) throw badRequest(describeIssues(parsed.error));
	const file = parsed.data;
	const categories = new Set(file.categories.map((c) => c.id));
	const entries: PlannedEntry[] = [];
	const leads: PlannedLead[] = [];
	const problems: ImportProblem[] = [];
	file.provisions.forEach((p, i) => {
		for (const [category, cell] of Object.entries(p.cells)) {
			const where = `provisions[${i}] (${p.ref}) · ${category}`;
			if (!categories.has(category)) {
				problems.push({ where, reason: `unknown category “${category}”: its lead and ${cell.entries.length} entries are not placed` });
				continue;
			}
			if (cell.lead) {
				const lead = resolveBody(cell.lead, '', registry);
				if (typeof lead === 'string') problems.push({ where: `${where} · lead`, reason: lead });
				else leads.push({ provision: p.ref, category, body: lead.body });
			}
			cell.entries.forEach((e, n) => {
				const body = resolveBody(e.body, e.subsidiary ?? '', registry);
				if (typeof body === 'string') {
					problems.push({ where: `${where} · entry ${n + 1}`, reason: body });
					return;
				}
				entries.push({
					provision: p.ref,
					category,
					body: body.body,
					subsidiary: body.subsidiary,
					text: e.text,
					status: e.status,
					uncertain: e.uncertain,
					note: e.note ?? null
				});
			});
		}
	});
	const partIds = [...new Set(file.provisions.map((p) => p.part))];
	const parts = file.parts ?? partIds.map((id) => ({ id, title: id }));
	const notes: string[] = [];
	if (file.board.version) notes.push(`The file is the version “${file.board.version}” of board “${file.board.id ?? '?'}”; the new board starts open, as its current state.`);
	else if (file.board.status === 'finalized') notes.push('The file is a finalized board; the new board starts open.');
	return {
		format: 'json',
		fileName,
		title: file.board.title,
		asOf: file.board.asOf,
		parts,
		categories: file.categories,
		provisions: file.provisions.map((p) => ({ ref: p.ref, part: p.part, letter: p.letter, text: p.text })),
		entries,
		leads,
		problems,
		notes
	};
}
