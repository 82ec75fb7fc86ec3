import type { ImportFormat, ImportPlan, ImportProblem } from './plan';

/** What the import preview shows: what will be created, and every row that will not be. */
export interface ImportPreview {
	fileName: string;
	format: ImportFormat;
	title: string;
	asOf: string | null;
	parts: string[];
	provisions: number;
	categories: string[];
	entries: number;
	/** Entries per body label ("SLOM (ACMW)" counted apart), by label. */
	byBody: { body: string; entries: number }[];
	leads: number;
	uncertain: number;
	problems: ImportProblem[];
	notes: string[];
}

export function previewOf(plan: ImportPlan): ImportPreview {
	const byBody = new Map<string, number>();
	for (const e of plan.entries) {
		const label = e.subsidiary ? `${e.body} (${e.subsidiary})` : e.body;
		byBody.set(label, (byBody.get(label) ?? 0) + 1);
	}
	return {
		fileName: plan.fileName,
		format: plan.format,
		title: plan.title,
		asOf: plan.asOf,
		parts: plan.parts.map((p) => `${p.id}. ${p.title}`),
		provisions: plan.provisions.length,
		categories: plan.categories.map((c) => c.name),
		entries: plan.entries.length,
		byBody: [...byBody].sort(([a], [b]) => a.localeCompare(b)).map(([body, entries]) => ({ body, entries })),
		leads: plan.leads.length,
		uncertain: plan.entries.filter((e) => e.uncertain).length,
		problems: plan.problems,
		notes: plan.notes
	};
}
