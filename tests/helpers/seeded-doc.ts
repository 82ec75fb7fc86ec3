import { fileURLToPath } from 'node:url';
import type * as Y from 'yjs';
import { buildApaDoc } from '../../src/lib/board/seed-board';
import { loadSeeds, type Seeds } from '../../src/lib/server/seeds';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

let cached: Seeds | undefined;
/** The project's seeds, loaded once per test file. */
export function seeds(): Seeds {
	cached ??= loadSeeds(SEEDS_DIR);
	return cached;
}

/** A fresh APA board document built from the seeds. */
export function seededDoc(): Y.Doc {
	const s = seeds();
	return buildApaDoc(s.provisions, s.matrix, 'APA test board');
}
