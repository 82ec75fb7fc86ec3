import type { Attachment } from 'svelte/attachments';

/**
 * The ARIA grid keyboard model, as an attachment on the grid's `<table>`: the
 * grid is one Tab stop (one `[data-gridcell]` has tabindex 0, moved by the
 * arrows, Home and End); Enter goes into a cell's controls, Escape comes back
 * out to the cell. Header and part rows are cells too. Controls inside cells
 * leave the Tab order except in the cell the person went into (Enter, or a
 * click on one of its controls); otherwise the board would be hundreds of Tab
 * stops. Keys inside a `<dialog>` (a confirmation's own) are left alone.
 */
export interface GridKeyboard {
	/** Attach to the grid element: `{@attach keyboard.attach}`. */
	attach: Attachment<HTMLElement>;
	/** Makes `cell` the grid's Tab stop and focuses it. */
	focusCell(cell: HTMLElement | null | undefined): void;
}

/** Every control a cell may hold, which the roving Tab order takes out and puts back. */
const CONTROLS = 'a[href], button, input, select, textarea, summary, [tabindex]:not([data-gridcell])';

/** `onSelect` hears the cell key (`data-cell`) of the cell focus moved into, or null outside any. */
export function gridKeyboard(onSelect: (cell: string | null) => void): GridKeyboard {
	let grid: HTMLElement | null = null;
	/** The column last moved in, kept while passing through one-cell part rows. */
	let column = 0;
	let entered: HTMLElement | null = null;

	function makeTabStop(cell: HTMLElement) {
		for (const c of grid!.querySelectorAll<HTMLElement>('[data-gridcell][tabindex="0"]')) c.tabIndex = -1;
		cell.tabIndex = 0;
	}

	function focusCell(cell: HTMLElement | null | undefined) {
		if (!cell || !grid) return;
		makeTabStop(cell);
		cell.focus();
	}

	function gridCells(): HTMLElement[][] {
		return [...grid!.querySelectorAll<HTMLTableRowElement>('tr')]
			.map((tr) => [...tr.querySelectorAll<HTMLElement>('[data-gridcell]')])
			.filter((row) => row.length > 0);
	}

	function syncTabStops() {
		for (const el of grid!.querySelectorAll<HTMLElement>(CONTROLS)) {
			if (el.closest('dialog')) continue;
			const off = el.dataset.rovingOff;
			if (entered?.contains(el)) {
				if (off === undefined) continue;
				if (off === '') el.removeAttribute('tabindex');
				else el.setAttribute('tabindex', off);
				delete el.dataset.rovingOff;
			} else if (off === undefined) {
				el.dataset.rovingOff = el.getAttribute('tabindex') ?? '';
				el.tabIndex = -1;
			}
		}
	}

	function enter(cell: HTMLElement | null) {
		if (entered === cell) return;
		entered = cell;
		syncTabStops();
	}

	function onkeydown(event: KeyboardEvent) {
		const target = event.target as HTMLElement;
		if (target.closest('dialog')) return;
		const cell = target.closest<HTMLElement>('[data-gridcell]');
		if (!cell) return;
		if (target !== cell) {
			if (event.key === 'Escape' && !event.defaultPrevented) {
				target.closest('details')?.removeAttribute('open');
				focusCell(cell);
			}
			return;
		}
		const matrix = gridCells();
		const r = matrix.findIndex((row) => row.includes(cell));
		const c = matrix[r].indexOf(cell);
		if (matrix[r].length > 1) column = c;
		const at = (row: number, col: number) => matrix[row]?.[Math.min(col, (matrix[row]?.length ?? 1) - 1)];
		const moves: Record<string, () => HTMLElement | undefined> = {
			ArrowUp: () => at(r - 1, column),
			ArrowDown: () => at(r + 1, column),
			ArrowLeft: () => matrix[r][c - 1],
			ArrowRight: () => matrix[r][c + 1],
			Home: () => matrix[r][0],
			End: () => matrix[r].at(-1)
		};
		const move = moves[event.key];
		if (move) {
			event.preventDefault();
			const next = move();
			if (next && event.key !== 'ArrowUp' && event.key !== 'ArrowDown') column = matrix[r].indexOf(next);
			focusCell(next);
		} else if (event.key === 'Enter') {
			event.preventDefault();
			enter(cell);
			cell.querySelector<HTMLElement>(CONTROLS)?.focus();
		}
	}

	function onfocusin(event: FocusEvent) {
		const target = event.target as HTMLElement;
		const cell = target.closest<HTMLElement>('[data-gridcell]');
		onSelect(cell?.dataset.cell ?? null);
		if (target.closest('dialog')) return;
		enter(cell && target !== cell ? cell : null);
		// Clicking into a cell makes it the grid's Tab stop, so Tab and Shift+Tab come back to it.
		if (cell && cell.tabIndex !== 0) makeTabStop(cell);
	}

	function onfocusout(event: FocusEvent) {
		if (!grid?.contains(event.relatedTarget as Node | null)) enter(null);
	}

	const attach: Attachment<HTMLElement> = (element) => {
		grid = element;
		element.addEventListener('keydown', onkeydown);
		element.addEventListener('focusin', onfocusin);
		element.addEventListener('focusout', onfocusout);
		syncTabStops();
		const observer = new MutationObserver(syncTabStops);
		observer.observe(element, { childList: true, subtree: true });
		return () => {
			observer.disconnect();
			element.removeEventListener('keydown', onkeydown);
			element.removeEventListener('focusin', onfocusin);
			element.removeEventListener('focusout', onfocusout);
			grid = null;
		};
	};

	return { attach, focusCell };
}
