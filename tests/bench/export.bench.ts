// `npx vitest bench tests/bench/export.bench.ts`: export timings on a board
// ten times the APA board (440 provisions, 5,000 entries).
import { bench, describe } from 'vitest';
import { readBoard } from '$lib/board/view';
import { EXPORT_FORMATS, exportBoard } from '$lib/server/export';
import { buildExportModel } from '$lib/server/export/model';
import { registryBodies } from '../helpers/export-model';
import { syntheticDocs } from '../helpers/synthetic-board';

const model = buildExportModel(readBoard(syntheticDocs()), registryBodies(), { id: 'synthetic', status: 'open' });

describe('export of a 10× board', () => {
	for (const format of EXPORT_FORMATS) {
		bench(format, async () => {
			await exportBoard(model, format);
		}, { iterations: 3, warmupIterations: 1, time: 0 });
	}
});
