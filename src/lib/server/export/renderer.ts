import { Worker } from 'node:worker_threads';
import type { ExportFormat } from '../../contract/exports';
import type { ExportFile } from './index';
import type { ExportModel } from './model';

/** Loaded on first use: the Word, Excel and PDF libraries weigh ~20 MiB of heap, needed only where exports render. */
async function renderHere(model: ExportModel, format: ExportFormat): Promise<ExportFile> {
	const { exportBoard } = await import('./index');
	return exportBoard(model, format);
}

export interface RenderRequest {
	id: number;
	model: ExportModel;
	format: ExportFormat;
}

export type RenderReply = { id: number; file: ExportFile } | { id: number; error: string };

/** Formats quick enough to render in the request itself (tens of ms on a 10× board). */
const INLINE_FORMATS: ReadonlySet<ExportFormat> = new Set(['csv', 'json']);
const RENDER_TIMEOUT_MS = 120_000;

interface Pending {
	resolve(file: ExportFile): void;
	reject(error: Error): void;
	timer: NodeJS.Timeout;
}

/**
 * Renders exports. Word, Excel and PDF take seconds of CPU on a big board, so
 * with a worker script they run on one worker thread (started on first use,
 * restarted if it dies) and the event loop stays free for the WebSocket.
 * Without one (tests, the CLI) everything renders in the calling thread.
 */
export class ExportRenderer {
	#script: string | undefined;
	#worker: Worker | undefined;
	#pending = new Map<number, Pending>();
	#nextId = 1;

	constructor(workerScript?: string) {
		this.#script = workerScript;
	}

	render(model: ExportModel, format: ExportFormat): Promise<ExportFile> {
		if (!this.#script || INLINE_FORMATS.has(format)) return renderHere(model, format);
		const worker = this.#start(this.#script);
		const id = this.#nextId++;
		return new Promise<ExportFile>((resolve, reject) => {
			const timer = setTimeout(() => this.#failAll(new Error(`the ${format} export took longer than ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
			this.#pending.set(id, { resolve, reject, timer });
			worker.postMessage({ id, model, format } satisfies RenderRequest);
		});
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = undefined;
		this.#failAll(new Error('the server is shutting down'));
		await worker?.terminate();
	}

	#start(script: string): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(script);
		worker.on('message', (reply: RenderReply) => {
			const pending = this.#pending.get(reply.id);
			if (!pending) return;
			this.#pending.delete(reply.id);
			clearTimeout(pending.timer);
			if ('file' in reply) pending.resolve(reply.file);
			else pending.reject(new Error(`export failed in the worker: ${reply.error}`));
		});
		worker.on('error', (e) => this.#failAll(e));
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#failAll(new Error(`the export worker stopped (exit code ${code})`));
		});
		// An idle worker must not keep the process (or a test run) alive.
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	/** Rejects every waiting export and drops the worker: the next export starts a fresh one. */
	#failAll(error: Error): void {
		const worker = this.#worker;
		this.#worker = undefined;
		void worker?.terminate();
		for (const pending of this.#pending.values()) {
			clearTimeout(pending.timer);
			pending.reject(error);
		}
		this.#pending.clear();
	}
}
