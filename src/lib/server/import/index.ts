import { badRequest } from '../app-error';
import type { Seeds } from '../boards/seeds';
import { planFromCsv } from './csv';
import { planFromDocx } from './docx';
import { planFromJson } from './json';
import type { ImportBase, ImportFormat, ImportPlan, RegistryBody } from './plan';
import { planFromXlsx } from './xlsx';

export { previewOf } from './summary';

export { applyImport, newBoardId } from './apply';
export { type ImportPlan, type ImportProblem } from './plan';

/** Largest file the importer reads (a ten times larger board exports to about 2 MB of JSON). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The structure CSV and xlsx rows are placed onto: the APA board as seeded (parts, 44 provisions, 4 categories). */
export function apaBase(seeds: Seeds): ImportBase {
	return {
		title: 'Imported board',
		asOf: null,
		parts: seeds.provisions.parts.map((p) => ({ id: p.part, title: p.title })),
		categories: seeds.matrix.categories.map((c) => ({ id: c.id, name: c.name })),
		provisions: seeds.provisions.provisions.map((p) => ({ ref: p.ref, part: p.part, letter: p.letter, text: p.text }))
	};
}

function formatOf(fileName: string, bytes: Uint8Array): ImportFormat {
	const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
	if (ext === 'xlsx' || (!ext && zip)) return 'xlsx';
	if (ext === 'docx') return 'docx';
	if (ext === 'json') return 'json';
	if (ext === 'csv' || ext === 'txt') return 'csv';
	if (zip) throw badRequest(`“${fileName}” is a zip file but not an .xlsx workbook. Choose a .json, .csv, .xlsx or .docx export.`);
	throw badRequest(`“${fileName}” is not a file the board can import. Choose a .json, .csv, .xlsx or .docx export.`);
}

/**
 * Reads an uploaded file into an import plan without writing anything.
 * AppError 400 (with a message for the user) when the file cannot be read at
 * all; rows it cannot place are listed in `plan.problems`.
 */
export async function planImport(
	file: { name: string; bytes: Uint8Array },
	deps: { base: ImportBase; registry: readonly RegistryBody[] }
): Promise<ImportPlan> {
	if (file.bytes.length === 0) throw badRequest('The file is empty.');
	if (file.bytes.length > MAX_IMPORT_BYTES) throw badRequest(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
	const name = file.name || 'upload';
	const plan = await planOf(name, file.bytes, deps);
	plan.notes.push(NOT_IN_FILES);
	return plan;
}

/** What no export file carries, said in every preview. */
const NOT_IN_FILES = 'Export files carry no discussion, versions or history: the new board starts without them.';

function planOf(name: string, bytes: Uint8Array, deps: { base: ImportBase; registry: readonly RegistryBody[] }): ImportPlan | Promise<ImportPlan> {
	switch (formatOf(name, bytes)) {
		case 'json':
			return planFromJson(name, bytes, deps.registry);
		case 'csv':
			return planFromCsv(name, bytes, deps.base, deps.registry);
		case 'xlsx':
			return planFromXlsx(name, bytes, deps.base, deps.registry);
		case 'docx':
			return planFromDocx(name, bytes, deps.base, deps.registry);
	}
}
