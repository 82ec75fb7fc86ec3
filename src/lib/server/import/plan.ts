import { ENTRY_STATUSES, type EntryStatus } from '../../board/doc';

/**
 * What an import will create, worked out before anything is written: the
 * preview lists it, and applying it creates a new board from exactly this.
 */

export interface PlannedProvision {
	ref: string;
	part: string;
	letter: string;
	text: string;
}

export interface PlannedEntry {
	/** Provision ref ("A.a"). */
	provision: string;
	/** Category id. */
	category: string;
	body: string;
	subsidiary: string | null;
	text: string;
	status: EntryStatus;
	uncertain: boolean;
	note: string | null;
}

export interface PlannedLead {
	provision: string;
	category: string;
	body: string;
}

/** A row (or cell) of the file that could not be placed, and why. */
export interface ImportProblem {
	/** "Row 12", "Entries row 5", "provisions[3].cells.research". */
	where: string;
	reason: string;
}

export type ImportFormat = 'json' | 'csv' | 'xlsx';

export interface ImportPlan {
	format: ImportFormat;
	fileName: string;
	title: string;
	asOf: string | null;
	parts: { id: string; title: string }[];
	categories: { id: string; name: string }[];
	provisions: PlannedProvision[];
	entries: PlannedEntry[];
	leads: PlannedLead[];
	problems: ImportProblem[];
	/** Facts about the file worth saying in the preview (e.g. the version label it carried). */
	notes: string[];
}

/** The structure CSV and xlsx rows are placed onto (the APA board's parts, provisions and categories). */
export interface ImportBase {
	title: string;
	asOf: string | null;
	parts: { id: string; title: string }[];
	categories: { id: string; name: string }[];
	provisions: PlannedProvision[];
}

/** A body of the registry, as placement needs it. */
export interface RegistryBody {
	code: string;
	parent: string | null;
}

/** One entry row as read from a CSV file or the xlsx "Entries" sheet, before it is checked. */
export interface RawRow {
	where: string;
	ref: string;
	category: string;
	body: string;
	subsidiary: string;
	lead: string;
	status: string;
	text: string;
	uncertain: string;
	note: string;
}

const squash = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'lead']);
const NO = new Set(['', 'no', 'n', 'false', '0']);

/** Resolves a body label ("SOMTC", "SLOM (ACMW)", or a subsidiary code alone) against the registry. */
export function resolveBody(
	label: string,
	subsidiary: string,
	registry: readonly RegistryBody[]
): { body: string; subsidiary: string | null } | string {
	const m = /^\s*([^()]+?)\s*(?:\(\s*([^()]+?)\s*\))?\s*$/.exec(label);
	if (!label.trim() || !m) return 'no body';
	const code = m[1].toUpperCase();
	const sub = (m[2] ?? subsidiary).trim().toUpperCase();
	const known = registry.find((b) => b.code === code);
	if (!known) return `unknown body “${label.trim()}”`;
	if (known.parent) {
		if (sub && sub !== code) return `“${code}” is a subsidiary of ${known.parent}, it has no subsidiary “${sub}”`;
		return { body: known.parent, subsidiary: code };
	}
	if (!sub) return { body: code, subsidiary: null };
	if (!registry.some((b) => b.code === sub && b.parent === code)) return `“${sub}” is not a subsidiary of ${code}`;
	return { body: code, subsidiary: sub };
}

/** A ref as "A.a" whatever the case it was typed in. */
export function normaliseRef(ref: string): string {
	const m = /^\s*([A-Za-z]+)\s*\.\s*(\S+)\s*$/.exec(ref);
	return m ? `${m[1].toUpperCase()}.${m[2].toLowerCase()}` : ref.trim();
}

export function matchCategory(value: string, categories: readonly { id: string; name: string }[]): string | null {
	const v = squash(value);
	return categories.find((c) => squash(c.id) === v || squash(c.name) === v)?.id ?? null;
}

/**
 * Checks entry rows against the base structure and the body registry. Rows
 * that can be placed become entries (and leads); every other row is listed
 * with all its reasons.
 */
export function placeRows(
	format: ImportFormat,
	fileName: string,
	rows: readonly RawRow[],
	base: ImportBase,
	registry: readonly RegistryBody[],
	extraLeads: readonly (PlannedLead & { where: string })[] = []
): ImportPlan {
	const refs = new Map(base.provisions.map((p) => [normaliseRef(p.ref), p.ref]));
	const entries: PlannedEntry[] = [];
	const problems: ImportProblem[] = [];
	const leads = new Map<string, PlannedLead & { where: string }>();
	const addLead = (lead: PlannedLead & { where: string }) => {
		const key = `${lead.provision}|${lead.category}`;
		const had = leads.get(key);
		if (had && had.body !== lead.body) {
			problems.push({ where: lead.where, reason: `the cell already has ${had.body} as lead (${had.where}); ${lead.body} is not made lead` });
		} else if (!had) leads.set(key, lead);
	};
	for (const row of rows) {
		const reasons: string[] = [];
		const provision = refs.get(normaliseRef(row.ref));
		if (!row.ref.trim()) reasons.push('no provision ref');
		else if (!provision) reasons.push(`unknown provision “${row.ref.trim()}”`);
		const category = matchCategory(row.category, base.categories);
		if (!row.category.trim()) reasons.push('no category');
		else if (!category) reasons.push(`unknown category “${row.category.trim()}”`);
		const body = resolveBody(row.body, row.subsidiary, registry);
		if (typeof body === 'string') reasons.push(body);
		const status = (row.status.trim().toLowerCase() || 'proposed') as EntryStatus;
		if (!ENTRY_STATUSES.includes(status)) reasons.push(`unknown status “${row.status.trim()}” (expected ${ENTRY_STATUSES.join(', ')})`);
		const uncertain = row.uncertain.trim().toLowerCase();
		if (!YES.has(uncertain) && !NO.has(uncertain)) reasons.push(`“${row.uncertain.trim()}” is not yes or no (Uncertain)`);
		const lead = row.lead.trim().toLowerCase();
		if (!YES.has(lead) && !NO.has(lead)) reasons.push(`“${row.lead.trim()}” is not yes or no (Lead)`);
		const text = row.text.replace(/\r\n?/g, '\n').trim();
		if (!text) reasons.push('no text');
		if (reasons.length > 0 || typeof body === 'string' || !provision || !category) {
			problems.push({ where: row.where, reason: reasons.join('; ') });
			continue;
		}
		entries.push({
			provision,
			category,
			body: body.body,
			subsidiary: body.subsidiary,
			text,
			status,
			uncertain: YES.has(uncertain),
			note: row.note.trim() || null
		});
		if (YES.has(lead)) addLead({ provision, category, body: body.body, where: row.where });
	}
	for (const lead of extraLeads) {
		const body = resolveBody(lead.body, '', registry);
		if (typeof body === 'string') problems.push({ where: lead.where, reason: `lead: ${body}` });
		else addLead({ ...lead, body: body.body });
	}
	return {
		format,
		fileName,
		title: base.title,
		asOf: base.asOf,
		parts: base.parts,
		categories: base.categories,
		provisions: base.provisions,
		entries,
		leads: [...leads.values()].map(({ provision, category, body }) => ({ provision, category, body })),
		problems,
		notes: []
	};
}
