import type { HistoryRow } from '$lib/board/history';

/** What the activity feed can be asked for: changes after a time, or after a version was saved. */
export type ActivitySince = { since: number } | { version: string };

export interface VersionLabel {
	label: string;
	createdAt: number;
}

/** A restore as the history endpoint takes it. */
export interface RestoreInput {
	cell: string;
	row: number;
	scope: 'entry' | 'cell';
	at: 'after' | 'before';
}

async function messageOf(res: Response): Promise<string> {
	try {
		return ((await res.json()) as { message?: string }).message ?? `The server answered ${res.status}.`;
	} catch {
		return `The server answered ${res.status}.`;
	}
}

/**
 * The rows the history panel shows — one cell's history or the board's
 * activity feed — fetched from the server. A newer request supersedes an
 * older one still in flight.
 */
export class HistoryFeed {
	readonly boardId: string;
	#rows = $state<HistoryRow[]>([]);
	#versions = $state<VersionLabel[]>([]);
	#loading = $state(false);
	#problem = $state<string | null>(null);
	#request = 0;

	constructor(boardId: string) {
		this.boardId = boardId;
	}

	get rows(): HistoryRow[] {
		return this.#rows;
	}
	/** The board's versions (filled by the activity feed), newest first. */
	get versions(): VersionLabel[] {
		return this.#versions;
	}
	get loading(): boolean {
		return this.#loading;
	}
	get problem(): string | null {
		return this.#problem;
	}

	#api(path: string): string {
		return `/api/boards/${encodeURIComponent(this.boardId)}/${path}`;
	}

	clear(): void {
		this.#request++;
		this.#rows = [];
		this.#problem = null;
		this.#loading = false;
	}

	loadCell(cell: string): Promise<void> {
		return this.#load(this.#api(`history?cell=${encodeURIComponent(cell)}`));
	}

	loadActivity(since: ActivitySince): Promise<void> {
		const query = 'version' in since ? `version=${encodeURIComponent(since.version)}` : `since=${since.since}`;
		return this.#load(this.#api(`activity?${query}`));
	}

	async #load(url: string): Promise<void> {
		const request = ++this.#request;
		this.#loading = true;
		try {
			const res = await fetch(url);
			if (request !== this.#request) return;
			if (!res.ok) {
				this.#problem = await messageOf(res);
				return;
			}
			const data = (await res.json()) as { rows: HistoryRow[]; versions?: VersionLabel[] };
			if (request !== this.#request) return;
			this.#rows = data.rows;
			if (data.versions) this.#versions = data.versions;
			this.#problem = null;
		} catch {
			if (request === this.#request) this.#problem = 'Could not load the history: are you online?';
		} finally {
			if (request === this.#request) this.#loading = false;
		}
	}

	/** Asks the server to restore; resolves with null when done, else the reason it was refused. */
	async restore(input: RestoreInput): Promise<string | null> {
		try {
			const res = await fetch(this.#api('history/restore'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(input)
			});
			return res.ok ? null : await messageOf(res);
		} catch {
			return 'Could not reach the server: are you online?';
		}
	}
}
