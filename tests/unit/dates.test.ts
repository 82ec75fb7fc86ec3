import { describe, expect, it } from 'vitest';
import { clockTime, formatAsOf, longDate, meetingWhenLocal } from '$lib/contract/dates';

describe('minutes in the viewer\'s time zone', () => {
	const start = Date.UTC(2026, 5, 8, 9, 30);
	it('shows clock times and the meeting\'s span in the given zone, saying which', () => {
		expect(clockTime(start, 'Asia/Bangkok')).toBe('16:30');
		expect(clockTime(start, 'UTC')).toBe('09:30');
		expect(meetingWhenLocal({ startedAt: start, endedAt: start + 92 * 60_000, running: false }, 'Asia/Bangkok')).toBe(
			'8 June 2026, 16:30–18:02 (your time, GMT+7)'
		);
	});
	it('writes the viewer\'s date, both dates when the meeting ran past the viewer\'s midnight, and "now" while it runs', () => {
		expect(meetingWhenLocal({ startedAt: start + 8 * 3_600_000, endedAt: start + 9 * 3_600_000, running: false }, 'Asia/Manila')).toBe(
			'9 June 2026, 01:30–02:30 (your time, GMT+8)'
		);
		expect(meetingWhenLocal({ startedAt: start + 6 * 3_600_000, endedAt: start + 7 * 3_600_000, running: false }, 'Asia/Manila')).toBe(
			'8 June 2026, 23:30 – 9 June 2026, 00:30 (your time, GMT+8)'
		);
		expect(meetingWhenLocal({ startedAt: start, endedAt: start, running: true }, 'UTC')).toBe('8 June 2026, 09:30–now (your time, UTC)');
	});
});

describe('dates of the board', () => {
	it('writes an "as of" date the same on every machine, and nothing for none', () => {
		expect(formatAsOf('2016-05-31')).toBe('31 May 2016');
		expect(formatAsOf('2026-01-01')).toBe('1 January 2026');
		expect(formatAsOf(null)).toBe('');
		expect(longDate('2026-12-02T10:00:00Z')).toBe('2 December 2026');
		expect(longDate('not a date')).toBe('not a date');
	});
});
