import * as Y from 'yjs';
import type { MatrixFile, ProvisionsFile } from '../seeds/schema';
import {
	BoardDocs,
	categoriesArray,
	entriesMap,
	mapOf,
	metaMap,
	partsArray,
	provisionsArray,
	type TransactionOrigin
} from './doc';

const SEED_ORIGIN: TransactionOrigin = { source: 'seed' };

export interface BoardSkeleton {
	title: string;
	asOf: string;
	parts: ProvisionsFile['parts'];
	categories: MatrixFile['categories'];
	provisions?: ProvisionsFile['provisions'];
}

/** Fills an empty plan document with a board's title, parts, columns and (optionally) rows. */
export function writeSkeleton(doc: Y.Doc, board: BoardSkeleton): void {
	doc.transact(() => {
		const meta = metaMap(doc);
		meta.set('title', board.title);
		meta.set('asOf', board.asOf);
		partsArray(doc).push(board.parts.map((p) => mapOf({ id: p.part, title: p.title }) as Y.Map<string>));
		categoriesArray(doc).push(
			board.categories.map((c) => mapOf({ id: c.id, name: c.name }) as Y.Map<string>)
		);
		provisionsArray(doc).push(
			(board.provisions ?? []).map(
				(p) => mapOf({ id: p.ref, part: p.part, letter: p.letter, text: p.text }) as Y.Map<string>
			)
		);
	}, SEED_ORIGIN);
}

/**
 * Builds the APA board from the seeds: all 44 provisions as rows, the four
 * categories as columns and every 2016 matrix activity as an entry of its
 * body's document. Entry ids are derived from the seed position so a re-seed
 * is reproducible.
 */
export function buildApaDocs(provisions: ProvisionsFile, matrix: MatrixFile, title: string): BoardDocs {
	const docs = new BoardDocs();
	writeSkeleton(docs.plan, {
		title,
		asOf: matrix.asOf,
		parts: provisions.parts,
		categories: matrix.categories,
		provisions: provisions.provisions
	});
	matrix.entries.forEach((e, i) => {
		const doc = docs.body(e.body);
		doc.transact(() => {
			entriesMap(doc).set(
				`seed-${String(i + 1).padStart(4, '0')}`,
				mapOf({
					provision: e.provision,
					category: e.category,
					subsidiary: e.subsidiary,
					text: new Y.Text(e.text),
					status: 'proposed',
					uncertain: e.uncertain === true,
					note: e.note,
					order: i + 1
				})
			);
		}, SEED_ORIGIN);
	});
	return docs;
}
