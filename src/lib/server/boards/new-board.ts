import { BoardDocs, metaMap } from '../../board/doc';
import { buildApaDocs, writeSkeleton } from '../../board/seed-board';
import type { AppContext } from '../app-context';
import type { BoardRow } from './boards';
import { newBoardId } from '../import/apply';
import { loadSeeds } from './seeds';

/** What a new board starts from. */
export const BOARD_TEMPLATES = {
	empty: 'Empty: the four categories and APA parts, no provisions',
	'apa-provisions': 'The 44 APA provisions, no activities yet',
	'apa-2016': 'The APA matrix as of 31 May 2016, with its activities'
} as const;
export type BoardTemplate = keyof typeof BOARD_TEMPLATES;

export interface NewBoard {
	title: string;
	asOf: string | null;
	template: BoardTemplate;
}

/** The first problem with a new board's fields, as a sentence, or null. */
export function newBoardProblem(input: { title: string; asOf: string; template: string }): string | null {
	if (!input.title.trim()) return 'Give the board a title.';
	if (input.title.length > 200) return 'Use a title of at most 200 characters.';
	if (input.asOf && (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf) || Number.isNaN(Date.parse(input.asOf)))) {
		return 'The "as of" date must be a date (YYYY-MM-DD).';
	}
	if (!(input.template in BOARD_TEMPLATES)) return 'Choose what the board starts from.';
	return null;
}

/** Creates a board from a template; its content is stored as the board's first checkpoint. */
export function createBoard(ctx: Pick<AppContext, 'config' | 'boards'>, input: NewBoard, createdBy: number | null): BoardRow {
	const seeds = loadSeeds(ctx.config.seedsDir);
	const title = input.title.trim();
	// The 2016 matrix carries its own date; other templates have none unless given.
	const asOf = input.asOf ?? (input.template === 'apa-2016' ? seeds.matrix.asOf : null);
	let docs: BoardDocs;
	if (input.template === 'apa-2016') {
		docs = buildApaDocs(seeds.provisions, seeds.matrix, title);
	} else {
		docs = new BoardDocs();
		writeSkeleton(docs.plan, {
			title,
			asOf: asOf ?? '',
			parts: seeds.provisions.parts,
			categories: seeds.matrix.categories,
			provisions: input.template === 'apa-provisions' ? seeds.provisions.provisions : []
		});
	}
	if (asOf) metaMap(docs.plan).set('asOf', asOf);
	const id = newBoardId(title, (candidate) => ctx.boards.get(candidate) !== undefined);
	return ctx.boards.create({ id, title, asOf, createdBy }, docs);
}
