import { fileURLToPath } from 'node:url';
import type { BoardDocs } from '../../src/lib/board/doc';
import { buildApaDocs } from '../../src/lib/board/seed-board';
import { loadSeeds, type Seeds } from '../../src/lib/server/boards/seeds';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

let cached: Seeds | undefined;
/** The project's seeds, loaded once per test file. */
export function seeds(): Seeds {
	cached ??= loadSeeds(SEEDS_DIR);
	return cached;
}

/** A fresh APA board's documents built from the seeds. */
export function seededDocs(): BoardDocs {
	const s = seeds();
	return buildApaDocs(s.provisions, s.matrix, 'APA test board');
}
