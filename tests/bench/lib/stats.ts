/** The p-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
	const finite = values.filter((v) => Number.isFinite(v));
	if (finite.length === 0) return NaN;
	const sorted = [...finite].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function summarize(values: readonly number[]): Summary {
	return {
		n: values.length,
		p50: percentile(values, 50),
		p95: percentile(values, 95),
		p99: percentile(values, 99),
		max: values.length ? Math.max(...values) : NaN
	};
}

/** Formats a number for a table: fixed decimals, '–' for NaN. */
export function fmt(value: number, decimals = 1): string {
	return Number.isFinite(value) ? value.toFixed(decimals) : '–';
}

export function ms(value: number, decimals = 1): string {
	return Number.isFinite(value) ? `${value.toFixed(decimals)} ms` : '–';
}

export const sleep = (msec: number) => new Promise<void>((resolve) => setTimeout(resolve, msec));
