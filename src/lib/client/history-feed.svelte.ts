import type { TimelineItem } from '$lib/board/discussion';
import type { HistoryRow } from '$lib/board/history';
import type { StructureRow } from '$lib/board/structure-history';
import type { Activity, ActivitySince, CellHistory, RestoreInput, VersionLabel } from '$lib/contract/history';
import { api, ApiError } from './api';

/** What the history panel lists: a cell's changes and comment events, and (board-wide) changes to the structure. */
export type FeedItem = TimelineItem | { type: 'structure'; at: number; row: StructureRow };

/** The server's reason for a refusal, or `offline` when it could not be reached. */
function reasonOf(e: unknown, offline: string): string {
	return e instanceof ApiError && e.status !== 0 ? e.message : offline;
}

/**
 * The items the history panel shows — one cell's timeline (its changes and
 * comment events) or the board's activity feed (changes) — fetched from the
 * server. A newer request supersedes an older one still in flight.
 */
export class HistoryFeed {
	readonly boardId: string;
	#items = $state<FeedItem[]>([]);
	#versions = $state<VersionLabel[]>([]);
	#loading = $state(false);
	#problem = $state<string | null>(null);
	#request = 0;

	constructor(boardId: string) {
		this.boardId = boardId;
	}

	/** Changes, comment events and structure changes, newest first. */
	get items(): FeedItem[] {
		return this.#items;
	}
	/** The changes alone. */
	get rows(): HistoryRow[] {
		return this.#items.flatMap((i) => (i.type === 'change' ? [i.row] : []));
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

	clear(): void {
		this.#request++;
		this.#items = [];
		this.#problem = null;
		this.#loading = false;
	}

	loadCell(cell: string): Promise<void> {
		return this.#load(() => api.history.cell(this.boardId, cell));
	}

	loadActivity(since: ActivitySince): Promise<void> {
		return this.#load(() => api.history.activity(this.boardId, since));
	}

	async #load(call: () => Promise<CellHistory | Activity>): Promise<void> {
		const request = ++this.#request;
		this.#loading = true;
		try {
			const data = await call();
			if (request !== this.#request) return;
			if ('items' in data) {
				this.#items = data.items;
			} else {
				this.#items = [
					...data.rows.map((row) => ({ type: 'change' as const, at: row.updatedAt, row })),
					...data.structure.map((row) => ({ type: 'structure' as const, at: row.at, row }))
				].sort((a, b) => b.at - a.at);
				this.#versions = data.versions;
			}
			this.#problem = null;
		} catch (e) {
			if (request === this.#request) this.#problem = reasonOf(e, 'Could not load the history: are you online?');
		} finally {
			if (request === this.#request) this.#loading = false;
		}
	}

	/** Asks the server to restore; resolves with null when done, else the reason it was refused. */
	async restore(input: RestoreInput): Promise<string | null> {
		try {
			await api.history.restore(this.boardId, input);
			return null;
		} catch (e) {
			return reasonOf(e, 'Could not reach the server: are you online?');
		}
	}
}
