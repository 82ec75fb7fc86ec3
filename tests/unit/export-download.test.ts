import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExportDownload } from '$lib/client/export-download.svelte';

/** The export dialog's download: its phases, progress and outcome, against a mocked `fetch`. */

let fetchMock: ReturnType<typeof vi.fn>;
let saved: { blob: Blob; fileName: string }[];

beforeEach(() => {
	fetchMock = vi.fn();
	vi.stubGlobal('fetch', fetchMock);
	saved = [];
});
afterEach(() => vi.unstubAllGlobals());

const download = () => new ExportDownload('apa', (blob, fileName) => saved.push({ blob, fileName }));

/** A file answered in two chunks; the second waits for `release`. */
function streamedFile(headers: Record<string, string>) {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			controller.enqueue(new Uint8Array(600));
			await gate;
			controller.enqueue(new Uint8Array(400));
			controller.close();
		}
	});
	return { response: new Response(body, { status: 200, headers }), release };
}

describe('an export download', () => {
	it('prepares, downloads with progress of the announced size, then saves the file under the server’s name', async () => {
		const { response, release } = streamedFile({
			'content-type': 'application/pdf',
			'content-length': '1000',
			'content-disposition': `attachment; filename="x.pdf"; filename*=UTF-8''${encodeURIComponent('APA IV – draft.pdf')}`
		});
		let answer!: (r: Response) => void;
		fetchMock.mockReturnValue(new Promise<Response>((resolve) => (answer = resolve)));
		const d = download();
		const started = d.start({ format: 'pdf' });
		expect([d.phase, d.busy]).toEqual(['preparing', true]);
		answer(response);
		await vi.waitFor(() => expect(d.received).toBe(600));
		expect([d.phase, d.total]).toEqual(['downloading', 1000]);
		release();
		await started;
		expect([d.phase, d.busy, d.received, d.message]).toEqual(['done', false, 1000, 'Downloaded APA IV – draft.pdf.']);
		expect(saved).toHaveLength(1);
		expect(saved[0].fileName).toBe('APA IV – draft.pdf');
		expect(saved[0].blob.size).toBe(1000);
		expect(saved[0].blob.type).toBe('application/pdf');
	});

	it('shows the server’s refusal, and saves nothing', async () => {
		fetchMock.mockResolvedValue(Response.json({ message: 'No version named “Final”.' }, { status: 404 }));
		const d = download();
		await d.start({ format: 'xlsx', version: 'Final' });
		expect([d.phase, d.message]).toEqual(['error', 'No version named “Final”.']);
		expect(saved).toEqual([]);
		d.reset();
		expect([d.phase, d.message]).toEqual(['idle', '']);
	});

	it('cancels back to idle: no error, no file', async () => {
		fetchMock.mockImplementation(
			(_url: string, init: RequestInit) =>
				new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
		);
		const d = download();
		const started = d.start({ format: 'docx' });
		d.cancel();
		await started;
		expect([d.phase, d.message]).toEqual(['idle', '']);
		expect(saved).toEqual([]);
	});

	it('names the file after the board when the server gives no name', async () => {
		fetchMock.mockResolvedValue(new Response('a,b\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
		await download().start({ format: 'csv' });
		expect(saved[0].fileName).toBe('apa.csv');
	});
});
