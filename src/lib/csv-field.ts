/**
 * CSV fields as every CSV the app writes them (the board export, the coverage
 * gap list), and the way the importer reads them back.
 *
 * A spreadsheet evaluates a field that starts with `=`, `+`, `-` or `@` (and
 * some treat a leading TAB or CR the same way), so any delegate could plant a
 * formula or a live link in their own entry for whoever opens the export.
 * Such a field gets an apostrophe in front, the usual neutralisation; the
 * importer takes one apostrophe off again. A text that already starts with
 * apostrophes before such a character gets one more, so the round trip stays
 * lossless for every text.
 */

/** Matches a value that is neutralised on the way out (any apostrophes, then a trigger character). */
const NEEDS_PREFIX = /^'*[=+\-@\t\r]/;
/** Matches a value as written with the prefix (at least one apostrophe, then a trigger character). */
const HAS_PREFIX = /^'+[=+\-@\t\r]/;

/** `value` with a leading apostrophe when a spreadsheet would take it for a formula. */
export function neutraliseFormula(value: string): string {
	return NEEDS_PREFIX.test(value) ? `'${value}` : value;
}

/** The value `neutraliseFormula` was given: one leading apostrophe dropped before a trigger character. */
export function restoreFormula(value: string): string {
	return HAS_PREFIX.test(value) ? value.slice(1) : value;
}

/** One RFC 4180 field, neutralised, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
	const safe = neutraliseFormula(value);
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Records as RFC 4180 text: CRLF line ends, a final CRLF, and a byte order mark so Excel reads UTF-8. */
export function csvText(records: readonly (readonly string[])[]): string {
	return `\uFEFF${records.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
