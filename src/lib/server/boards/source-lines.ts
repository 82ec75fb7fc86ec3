import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLines } from '../../board/uncertain';
import { badRequest } from '../app-error';

/**
 * Lines of the transcribed 2016 matrix (`seeds/sources/`), the text the
 * seed's line numbers point into: what an "uncertain" entry was copied from,
 * shown beside it so a reviewer can judge without opening the file.
 */
export const MATRIX_2016_FILE = 'sources/areas-of-collaboration-matrix-2016.txt';
/** A note may cite a long run of lines; a reviewer is shown its start. */
export const MAX_SOURCE_LINES = 12;

const cache = new Map<string, string[]>();

function linesOf(seedsDir: string): string[] {
	const path = join(seedsDir, MATRIX_2016_FILE);
	let lines = cache.get(path);
	if (!lines) {
		lines = readFileSync(path, 'utf8').split(/\r?\n/);
		cache.set(path, lines);
	}
	return lines;
}

/** Lines `from`–`to` of the 2016 matrix (at most MAX_SOURCE_LINES); AppError 400 for a range outside the file. */
export function matrixLines(seedsDir: string, from: number, to: number): SourceLines {
	const all = linesOf(seedsDir);
	if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to > all.length) {
		throw badRequest(`Lines ${from}–${to} are not in the 2016 matrix (it has ${all.length}).`);
	}
	const last = Math.min(to, from + MAX_SOURCE_LINES - 1);
	const lines = all.slice(from - 1, last).map((text, i) => ({ n: from + i, fields: text.split('\t').map((f) => f.trim()) }));
	return { lines, more: to - last };
}
