import type { ExportRequest } from '$lib/contract/exports';
import { api } from './api';

export type ExportPhase = 'idle' | 'preparing' | 'downloading' | 'done' | 'error';

/** Hands the file to the browser as a download (a click on a link to it). */
function saveFile(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	// Some browsers start the download after the click returns: keep the URL a while.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The file name the server gave (`filename*` first, for non-ASCII labels). */
function fileNameOf(response: Response): string | null {
	const header = response.headers.get('content-disposition') ?? '';
	const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
	if (star) return decodeURIComponent(star[1]);
	return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}

/**
 * One board's export download, as the export dialog shows it: preparing
 * (the server renders), downloading (bytes received of the announced size),
 * then done with the file's name, or an error with the server's sentence.
 * Starting again or cancelling aborts the download in flight.
 */
export class ExportDownload {
	readonly boardId: string;
	#save: (blob: Blob, fileName: string) => void;
	#phase = $state<ExportPhase>('idle');
	#received = $state(0);
	#total = $state(0);
	#message = $state('');
	#abort: AbortController | null = null;

	constructor(boardId: string, save: (blob: Blob, fileName: string) => void = saveFile) {
		this.boardId = boardId;
		this.#save = save;
	}

	get phase(): ExportPhase {
		return this.#phase;
	}
	get busy(): boolean {
		return this.#phase === 'preparing' || this.#phase === 'downloading';
	}
	/** Bytes received so far. */
	get received(): number {
		return this.#received;
	}
	/** The file's size as the server announced it; 0 when unknown. */
	get total(): number {
		return this.#total;
	}
	/** What happened: "Downloaded <file>." when done, the reason on an error. */
	get message(): string {
		return this.#message;
	}

	async start(request: ExportRequest): Promise<void> {
		this.#abort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		this.#phase = 'preparing';
		this.#received = 0;
		this.#total = 0;
		this.#message = '';
		try {
			const response = await api.exports.download(this.boardId, request, abort.signal);
			if (!response.body) throw new Error('The server sent no file. Try again.');
			this.#phase = 'downloading';
			this.#total = Number(response.headers.get('content-length')) || 0;
			const chunks: Uint8Array<ArrayBuffer>[] = [];
			const reader = response.body.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				chunks.push(value);
				this.#received += value.length;
			}
			const fileName = fileNameOf(response) ?? `${this.boardId}.${request.format}`;
			this.#save(new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' }), fileName);
			this.#message = `Downloaded ${fileName}.`;
			this.#phase = 'done';
		} catch (e) {
			if (abort.signal.aborted) return;
			this.#message = (e as Error).message;
			this.#phase = 'error';
		} finally {
			if (this.#abort === abort) this.#abort = null;
		}
	}

	/** Stops the download in flight (the dialog closed); back to idle. */
	cancel(): void {
		if (!this.#abort) return;
		this.#abort.abort();
		this.#abort = null;
		this.#phase = 'idle';
	}

	/** Clears a finished download's outcome (the dialog opens again). */
	reset(): void {
		if (this.busy) return;
		this.#phase = 'idle';
		this.#message = '';
	}
}
