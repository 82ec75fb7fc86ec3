/**
 * Scrolls a cell (cellKey) into view once the page has made room for a side
 * panel, so the panel never sits over the cell it is about. `nearest` moves
 * as little as possible; the phone layout's scroll-padding keeps the cell
 * above a bottom panel.
 */
export function keepCellInView(key: string | null): void {
	if (!key) return;
	requestAnimationFrame(() => {
		document.querySelector(`td[data-cell="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
	});
}
