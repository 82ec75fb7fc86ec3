import { describe, expect, it } from 'vitest';
import { readBoard } from '$lib/board/view';
import { EXPORT_FORMATS, exportBoard } from '$lib/server/export';
import { buildExportModel } from '$lib/server/export/model';
import { registryBodies } from '../helpers/export-model';
import { syntheticDocs } from '../helpers/synthetic-board';

// Generous bounds: the point is "seconds, not minutes" on a board ten times the APA one.
const LIMIT_MS = 15_000;

describe('exporting a board ten times larger (440 provisions, 5,000 entries)', () => {
	const view = readBoard(syntheticDocs());
	const model = buildExportModel(view, registryBodies(), { id: 'synthetic', status: 'open' });

	it('has the intended size', () => {
		expect(view.provisions).toHaveLength(440);
		expect(view.entries).toHaveLength(5000);
		expect(view.entries.filter((e) => e.status === 'agreed')).toHaveLength(1000);
		expect(new Set(view.entries.map((e) => e.body)).size).toBe(10);
	});

	for (const format of EXPORT_FORMATS) {
		it(`exports ${format} in under ${LIMIT_MS / 1000} s`, { timeout: 60_000 }, async () => {
			const started = performance.now();
			const file = await exportBoard(model, format);
			const ms = performance.now() - started;
			console.log(`10× board → ${format}: ${Math.round(ms)} ms, ${Math.round(file.bytes.length / 1024)} KB`);
			expect(file.bytes.length).toBeGreaterThan(100_000);
			expect(ms).toBeLessThan(LIMIT_MS);
		});
	}
});
