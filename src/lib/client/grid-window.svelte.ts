import { rowOffset, rowWindow, type RowWindow } from './row-window';

export interface GridWindowOptions<T> {
	/** The rows in order (a getter: read inside reactive code). */
	items: () => readonly T[];
	key: (item: T) => string;
	/** A row's height before it has been shown. */
	estimate: (item: T) => number;
	/** Render everything when there are at most this many rows. */
	windowFrom: number;
	/** Pixels rendered beyond the view, above and below. */
	margin: number;
}

/**
 * The rows of a long grid to put in the DOM (see row-window.ts), as runes:
 * bind the scroll box's `scrollTop`, height and header height to it, attach
 * `measure` to each rendered row. Heights are estimated until a row has been
 * shown, then measured (and re-measured as it changes) by a ResizeObserver.
 */
export class GridWindow<T> {
	scrollTop = $state(0);
	viewportHeight = $state(900);
	headHeight = $state(40);

	#options: GridWindowOptions<T>;
	#measured = new Map<string, number>();
	#version = $state(0);
	// Only in the browser: the server renders the first rows at estimated heights.
	#sizes =
		globalThis.ResizeObserver &&
		new ResizeObserver((records) => {
			let changed = false;
			for (const record of records) {
				const key = (record.target as HTMLElement).dataset.key!;
				const height = Math.round(record.target.getBoundingClientRect().height);
				if (this.#measured.get(key) !== height) {
					this.#measured.set(key, height);
					changed = true;
				}
			}
			if (changed) this.#version++;
		});

	constructor(options: GridWindowOptions<T>) {
		this.#options = options;
	}

	readonly heights = $derived.by(() => {
		void this.#version;
		const { items, key, estimate } = this.#options;
		return items().map((item) => this.#measured.get(key(item)) ?? estimate(item));
	});

	readonly range: RowWindow = $derived.by(() => {
		const count = this.heights.length;
		if (count <= this.#options.windowFrom) return { start: 0, end: count, before: 0, after: 0 };
		return rowWindow(this.heights, this.scrollTop - this.headHeight, this.viewportHeight, this.#options.margin);
	});

	/** Attachment for a rendered row (which carries `data-key`): keeps its height measured. */
	measure = (row: HTMLElement) => {
		this.#sizes.observe(row);
		return () => this.#sizes.unobserve(row);
	};

	/** Scroll offset that puts row `index` at the top of the scroll box, under its header. */
	offsetOf(index: number): number {
		return this.headHeight + rowOffset(this.heights, index);
	}

	destroy(): void {
		this.#sizes?.disconnect();
	}
}
