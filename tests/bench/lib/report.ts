import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/collab-server';
import { describeMachine, loadAverage } from './machine';

export const BENCHMARKS_MD = join(ROOT, 'docs', 'benchmarks.md');

/** The sections of docs/benchmarks.md, in order; each is rewritten only when its benchmark runs. */
export const SECTIONS = [
	{ id: 'latency', title: '1. Edit latency under load' },
	{ id: 'cold-load', title: '2. Cold load of a long log' },
	{ id: 'scale', title: '3. A board ten times the APA board' },
	{ id: 'memory', title: '4. Memory' },
	{ id: 'durability', title: '5. Crash durability (kill -9 under a write burst)' },
	{ id: 'open', title: '6. Board open → every document synced' },
	{ id: 'keystroke', title: '7. Keystroke → painted, and → another browser' }
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

const HEADER = `# Benchmarks

Measured by \`npm run bench\` (all, in sequence) or \`npm run bench -- <name>\`
(one of ${SECTIONS.map((s) => `\`${s.id}\``).join(', ')}); the code is in
\`tests/bench/\`. Each run rewrites its own section below with the date, the
machine, its load average (1/5/15 min) and the figures. The machines these
ran on are shared 2-core VMs: timings are medians of several runs, and every
comparison with the reference server (\`@y/websocket-server\` 0.1.1, in
memory, no authentication, no persistence) is a ratio of two measurements
taken side by side in the same run, under the same load.
`;

/** A plain-text table for the console. */
export function textTable(headers: string[], rows: string[][]): string {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(headers: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The commit the benchmark code and server ran from (short hash), marked when
 * the work tree has changes besides this report; 'unknown' outside a git checkout.
 */
export function commitOf(): string {
	try {
		const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter((l) => l && !l.endsWith('docs/benchmarks.md'));
		return `${git('rev-parse', '--short', 'HEAD')}${changed.length > 0 ? ' with uncommitted changes' : ''}`;
	} catch {
		return 'unknown';
	}
}

/** When, where and on which commit a section's figures were measured. */
export function provenance(loadBefore: string, loadAfter = loadAverage()): string {
	return `_Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on commit ${commitOf()}, ${describeMachine()}; load average ${loadBefore} before, ${loadAfter} after._`;
}

function marker(id: string, end = false): string {
	return `<!-- ${end ? '/' : ''}bench:${id} -->`;
}

/**
 * Replaces one section of docs/benchmarks.md (creating the file with every
 * section when missing). With BENCH_NO_DOCS=1 (a trial run with reduced
 * settings) it leaves the file alone: those figures are not the benchmark's.
 */
export function writeSection(id: SectionId, body: string): void {
	if (process.env.BENCH_NO_DOCS === '1') {
		console.log(`(BENCH_NO_DOCS=1: docs/benchmarks.md section ${id} left as it is)`);
		return;
	}
	let text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '';
	if (!text.startsWith('# Benchmarks')) {
		text = `${HEADER}\n${SECTIONS.map((s) => `${marker(s.id)}\n## ${s.title}\n\nNot measured yet.\n${marker(s.id, true)}\n`).join('\n')}`;
	}
	const title = SECTIONS.find((s) => s.id === id)!.title;
	const section = `${marker(id)}\n## ${title}\n\n${body.trim()}\n${marker(id, true)}`;
	const start = text.indexOf(marker(id));
	const end = text.indexOf(marker(id, true));
	text = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + marker(id, true).length) : `${text.trimEnd()}\n\n${section}\n`;
	// The header says how to read the figures; keep it current.
	const firstSection = text.indexOf('<!-- bench:');
	writeFileSync(BENCHMARKS_MD, `${HEADER}\n${text.slice(firstSection)}`);
}
