import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBoard } from '$lib/board/view';
import { exportBoard } from '$lib/server/export';
import { buildExportModel, type ExportModel } from '$lib/server/export/model';
import { ExportRenderer } from '$lib/server/export/renderer';
import { ROOT } from '../helpers/collab-server';
import { registryBodies, seededModel } from '../helpers/export-model';
import { syntheticDocs } from '../helpers/synthetic-board';

const WORKER = join(ROOT, 'server', 'export-worker.js');

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 5);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	return Math.max(longest, performance.now() - last);
}

describe('exports on the worker thread', () => {
	let renderer: ExportRenderer | undefined;
	afterEach(async () => {
		await renderer?.close();
		renderer = undefined;
	});

	it('renders the same files as the main thread', { timeout: 60_000 }, async () => {
		renderer = new ExportRenderer(WORKER);
		const model = seededModel();
		const [pdf, inlinePdf] = [await renderer.render(model, 'pdf'), await exportBoard(model, 'pdf')];
		expect(Buffer.from(pdf.bytes).equals(Buffer.from(inlinePdf.bytes))).toBe(true);
		expect(pdf.fileName).toBe(inlinePdf.fileName);
		for (const format of ['xlsx', 'docx'] as const) {
			const file = await renderer.render(model, format);
			expect(Buffer.from(file.bytes.subarray(0, 2)).toString()).toBe('PK');
			expect(file.contentType).toBe((await exportBoard(model, format)).contentType);
		}
	});

	it('keeps the event loop free while a big board renders', { timeout: 120_000 }, async () => {
		renderer = new ExportRenderer(WORKER);
		const model = buildExportModel(readBoard(syntheticDocs({ provisions: 220, entries: 2500 })), registryBodies(), { id: 'big', status: 'open' });
		await renderer.render(seededModel(), 'pdf'); // the worker's start-up is not what is measured
		const onWorker = await longestStall(() => renderer!.render(model, 'pdf'));
		const inline = await longestStall(() => exportBoard(model, 'pdf'));
		console.log(`longest event-loop stall while a 220-provision pdf renders: worker ${Math.round(onWorker)} ms, main thread ${Math.round(inline)} ms`);
		expect(onWorker).toBeLessThan(150);
		expect(inline).toBeGreaterThan(onWorker * 2);
	});

	it('reports a failed render clearly and renders the next one', { timeout: 60_000 }, async () => {
		renderer = new ExportRenderer(WORKER);
		const broken = { ...seededModel(), provisions: null } as unknown as ExportModel;
		await expect(renderer.render(broken, 'pdf')).rejects.toThrow(/export failed in the worker/);
		const file = await renderer.render(seededModel(), 'pdf');
		expect(Buffer.from(file.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
	});

	it('fails what is waiting when it closes, and csv and json never wait for it', { timeout: 60_000 }, async () => {
		renderer = new ExportRenderer(WORKER);
		const waiting = expect(renderer.render(seededModel(), 'docx')).rejects.toThrow(/shutting down/);
		await renderer.close();
		await waiting;
		const csv = await renderer.render(seededModel(), 'csv');
		expect(csv.contentType).toMatch(/text\/csv/);
	});
});
