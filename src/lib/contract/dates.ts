/**
 * Dates as the app writes them. Dates of the board ("as of", a version's
 * label, the exports) are the same on every machine; times of activity
 * (the history panel, version lists, minutes) are in the viewer's time zone:
 * "3 min ago" beside "8 Jun 2026, 14:05".
 */

const MONTHS = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December'
];

/**
 * "31 May 2016" for "2016-05-31". Written out by hand rather than with Intl so
 * the bytes of an export never depend on the ICU data of the machine.
 */
export function longDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	if (!m) return iso;
	return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "31 May 2016" for a board's "as of" date; empty for none. */
export function formatAsOf(asOf: string | null | undefined): string {
	return asOf ? longDate(asOf) : '';
}

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

/** "09:41" in the viewer's time zone (or `timeZone`). */
export function clockTime(ms: number, timeZone?: string): string {
	return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
}

/** "8 June 2026" in the viewer's time zone (or `timeZone`). */
function localLongDate(ms: number, timeZone?: string): string {
	return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(ms);
}

/** "GMT+7" (or the zone's short name) for the viewer's time zone (or `timeZone`) at `ms`. */
function zoneName(ms: number, timeZone?: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short', timeZone }).formatToParts(ms);
	return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * When a meeting ran, in the viewer's time zone and saying which:
 * "8 June 2026, 16:30–18:02 (your time, GMT+7)"; both dates past midnight.
 */
export function meetingWhenLocal(info: { startedAt: number; endedAt: number; running: boolean }, timeZone?: string): string {
	const zone = `(your time, ${zoneName(info.startedAt, timeZone)})`;
	const end = info.running ? 'now' : clockTime(info.endedAt, timeZone);
	const [from, to] = [localLongDate(info.startedAt, timeZone), localLongDate(info.endedAt, timeZone)];
	if (from === to || info.running) return `${from}, ${clockTime(info.startedAt, timeZone)}–${end} ${zone}`;
	return `${from}, ${clockTime(info.startedAt, timeZone)} – ${to}, ${end} ${zone}`;
}
