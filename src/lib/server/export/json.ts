import type { ExportModel } from './model';

/** Version of the JSON export schema (docs/export-format.md); bumped on any incompatible change. */
export const JSON_FORMAT_VERSION = 1;

/**
 * The board as JSON in the documented schema: keys in a fixed order, two-space
 * indentation and a final newline, so two exports of the same state are
 * byte-identical and diff line by line.
 */
export function boardJson(model: ExportModel): unknown {
	const { board } = model;
	return {
		format: 'planning-board',
		formatVersion: JSON_FORMAT_VERSION,
		board: {
			id: board.id,
			title: board.title,
			asOf: board.asOf,
			status: board.status,
			...(board.version ? { version: board.version } : {})
		},
		parts: model.parts.map((p) => ({ id: p.id, title: p.title })),
		categories: model.categories.map((c) => ({ id: c.id, name: c.name })),
		bodies: model.bodies.map((b) => ({ code: b.code, name: b.name, pillar: b.pillar, ...(b.parent ? { parent: b.parent } : {}) })),
		provisions: model.provisions.map((p) => ({
			ref: p.ref,
			part: p.part,
			letter: p.letter,
			text: p.text,
			cells: Object.fromEntries(
				model.categories.map((c) => {
					const cell = p.cells[c.id];
					return [
						c.id,
						{
							lead: cell.lead,
							entries: cell.entries.map((e) => ({
								body: e.body,
								...(e.subsidiary ? { subsidiary: e.subsidiary } : {}),
								text: e.text,
								status: e.status,
								uncertain: e.uncertain,
								...(e.note ? { note: e.note } : {})
							}))
						}
					];
				})
			)
		}))
	};
}

export function exportJson(model: ExportModel): Uint8Array {
	return new TextEncoder().encode(`${JSON.stringify(boardJson(model), null, 2)}\n`);
}
