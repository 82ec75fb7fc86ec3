/** Times in the history panel and version lists: "3 min ago" beside "8 Jun 2026, 14:05". */

const RELATIVE = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const ABSOLUTE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
	['second', 60],
	['minute', 60],
	['hour', 24],
	['day', 30],
	['month', 12],
	['year', Infinity]
];

/** "just now", "3 minutes ago", "yesterday", "2 months ago". */
export function relativeTime(ms: number, now = Date.now()): string {
	let value = (ms - now) / 1000;
	if (Math.abs(value) < 45) return 'just now';
	for (const [unit, size] of STEPS) {
		if (Math.abs(value) < size) return RELATIVE.format(Math.round(value), unit);
		value /= size;
	}
	return RELATIVE.format(Math.round(value), 'year');
}

/** "8 Jun 2026, 14:05" in the viewer's time zone. */
export function absoluteTime(ms: number): string {
	return ABSOLUTE.format(new Date(ms));
}
