import { describe, it, expect, afterEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSeeds, SeedError } from '$lib/server/boards/seeds';
import type { MatrixEntry } from '$lib/seeds/schema';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const seeds = loadSeeds(seedsDir);
const entries = seeds.matrix.entries;

/** The source documents the seeds were transcribed from, kept with the seeds (see seeds/sources/README.md). */
const sourceDir = join(seedsDir, 'sources');
const matrixSource = join(sourceDir, 'areas-of-collaboration-matrix-2016.txt');

/** Entries whose text starts with `prefix`; fails unless exactly one matches. */
function entry(prefix: string, body?: string): MatrixEntry {
	const found = entries.filter((e) => e.text.startsWith(prefix) && (!body || e.body === body));
	expect(found, `entries starting with "${prefix}"`).toHaveLength(1);
	return found[0];
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
	return out;
}

describe('APA provisions', () => {
	const provisions = seeds.provisions.provisions;

	it('has the 44 provisions of section IV: 12/8/12/12 per part', () => {
		expect(provisions).toHaveLength(44);
		expect(countBy(provisions, (p) => p.part)).toEqual({ A: 12, B: 8, C: 12, D: 12 });
		expect(seeds.provisions.parts.map((p) => p.title)).toEqual([
			'Prevention of Trafficking in Persons',
			'Protection of Victims',
			'Law Enforcement and Prosecution of Crimes of Trafficking in Persons',
			'Regional and International Cooperation and Coordination'
		]);
	});

	it('are section “IV. Action Plans” of the APA, as its heading reads in the source', () => {
		const { number, title, line } = seeds.provisions.section;
		expect(`${number}. ${title}`).toBe('IV. Action Plans');
		const source = readFileSync(join(seedsDir, seeds.provisions.source), 'utf8').split('\n');
		expect(source[line - 1].trim()).toBe('IV. Action Plans');
	});

	it('keeps the wording, with D.k carrying its two numbered sub-items', () => {
		const byRef = new Map(provisions.map((p) => [p.ref, p]));
		expect(byRef.get('A.a')?.text).toMatch(/^Increase awareness campaigns to educate all levels of society/);
		expect(byRef.get('B.c')?.text).toContain('other blood-borne and communicable diseases');
		expect(byRef.get('D.e')?.text).toMatch(/^Strengthen capacity building activities for the purposes of improving/);
		const dk = byRef.get('D.k')?.text ?? '';
		expect(dk).toMatch(/^Improve capacity building as a very important component/);
		expect(dk).toContain('\n1. Identify focal points to facilitate communication');
		expect(dk).toContain('\n2. Promote cooperation and coordination among governmental institutions');
		expect(byRef.get('D.l')?.line).toBe(469);
	});
});

describe('sectoral bodies', () => {
	const bodies = seeds.bodies.bodies;

	it('has the ten bodies of the Multi-Sectoral Work Plan, five per pillar', () => {
		expect(bodies).toHaveLength(10);
		expect(bodies.filter((b) => b.pillar === 'APSC').map((b) => b.code)).toEqual([
			'SOMTC',
			'DGICM',
			'AICHR',
			'ASLOM',
			'SOM-MLAT'
		]);
		expect(bodies.filter((b) => b.pillar === 'ASCC').map((b) => b.code)).toEqual([
			'ACWC',
			'SLOM',
			'SOM-ED',
			'SOMHD',
			'SOMSWD'
		]);
		expect(bodies.find((b) => b.code === 'SOMTC')?.name).toBe('ASEAN Senior Officials Meeting on Transnational Crime');
	});

	it('lists ACMW as the subsidiary of SLOM', () => {
		const slom = bodies.find((b) => b.code === 'SLOM');
		expect(slom?.subsidiaries.map((s) => s.code)).toEqual(['ACMW']);
		expect(bodies.filter((b) => b.subsidiaries.length > 0)).toHaveLength(1);
	});
});

describe('2016 matrix', () => {
	it('has every transcribed entry', () => {
		expect(entries).toHaveLength(115);
		expect(countBy(entries, (e) => e.provision[0])).toEqual({ A: 80, B: 23, C: 5, D: 7 });
		expect(countBy(entries, (e) => e.body)).toEqual({
			SOMTC: 48,
			'SOM-ED': 36,
			AICHR: 9,
			ACWC: 8,
			SLOM: 8,
			SOMSWD: 3,
			SOMHD: 2,
			DGICM: 1
		});
		expect(entries.filter((e) => e.uncertain)).toHaveLength(79);
		expect(entries.filter((e) => e.subsidiary === 'ACMW')).toHaveLength(8);
		expect(seeds.matrix.asOf).toBe('2016-05-31');
	});

	it('puts known activities in the right provision / body / category cell', () => {
		expect(entry('Include activities like Lost & Stolen Passport (LSP) Online Enquiry Facility')).toMatchObject({
			provision: 'A.c',
			body: 'DGICM',
			category: 'prevention',
			line: 22,
			uncertain: true
		});
		expect(entry('Thematic Studies on the existing policies to prevent TIP')).toMatchObject({
			provision: 'A.a',
			body: 'AICHR',
			category: 'research',
			line: 7
		});
		expect(entry('Linking/Uploading of SOMTC activities to ACWC website')).toMatchObject({
			provision: 'A.a',
			body: 'ACWC',
			category: 'training',
			line: 6
		});
		const somswd = entries.filter((e) => e.body === 'SOMSWD' && e.provision === 'B.a');
		expect(somswd).toHaveLength(1);
		expect(somswd[0]).toMatchObject({ category: 'institutional', line: 76 });
		expect(somswd[0].text).toMatch(/^Continue to coordinate efforts to ensure that the provision of care and support services/);
		expect(somswd[0].uncertain).toBeUndefined();
		expect(entry('ASEAN Workshop on Improving Border Controls')).toMatchObject({
			provision: 'A.b',
			body: 'SLOM',
			subsidiary: 'ACMW',
			category: 'training',
			line: 19
		});
		expect(entry('Conduct research studies on TIP in coordination with reputable domestic research')).toMatchObject({
			provision: 'A.l',
			body: 'SOMTC',
			category: 'research',
			line: 73
		});
		expect(entry('Annual Consultation on Human Rights-based Approach')).toMatchObject({
			provision: 'B.a',
			body: 'AICHR',
			category: 'institutional',
			line: 75
		});
		expect(entry('In cooperation with SLOM, ACMW, SOMTC, a cross-sectoral promotion')).toMatchObject({
			provision: 'B.c',
			body: 'SOMHD',
			line: 82
		});
		expect(entry('Explore the use of bilateral and multilateral extradition')).toMatchObject({
			provision: 'D.f',
			body: 'SOMTC',
			line: 108,
			uncertain: true
		});
		// a multi-line cell joined into one text, including the source's own "like-" line break
		expect(entry('Explore the use of bilateral').text).toContain('among like-minded ASEAN Member States (MLAT)');
		// source typos inside activities are kept
		expect(entries.filter((e) => e.text.includes('capacity ad capability'))).toHaveLength(2);
	});

	it('splits bullet points into separate entries in source order', () => {
		const aichrTraining = entries.filter((e) => e.provision === 'A.a' && e.body === 'AICHR' && e.category === 'training');
		expect(aichrTraining.map((e) => e.text)).toEqual([
			'AICHR Workshop on Effective Communication Strategies to Combat Trafficking in Persons (Priority Programme of the AICHR 2016)',
			'Workshop on Addressing Root causes of TIP'
		]);
		const slomNote = entries.filter((e) => e.provision === 'A.c' && e.body === 'SLOM').map((e) => e.text);
		expect(slomNote[0]).toMatch(/^Note: The ACMW Work Plan 2016-2020/);
		expect(slomNote).toHaveLength(3);
		expect(entries.some((e) => /^[-•\s]/.test(e.text))).toBe(false);
	});

	it('matches the matrix part D "A." row to APA D.e by wording, not letter', () => {
		const row = entries.filter((e) => e.line === 106);
		expect(row.map((e) => [e.provision, e.body, e.category])).toEqual([
			['D.e', 'SOM-ED', 'research'],
			['D.e', 'SOM-ED', 'training'],
			['D.e', 'SOM-ED', 'prevention']
		]);
		// its "B." and "C." are D.f and D.g
		expect(entries.filter((e) => e.provision === 'D.g').map((e) => e.body)).toEqual(['SOM-ED', 'SOM-ED', 'SOM-ED']);
	});

	it('has no page footers in any entry text', () => {
		for (const e of entries) {
			expect(e.text).not.toMatch(/Page\s*\**\s*\d+\s*\**\s*of\s*\**\s*\d+/i);
			expect(e.text).not.toMatch(/As of 31 May 2016/i);
		}
	});

	it('gives every uncertain entry a note', () => {
		for (const e of entries) if (e.uncertain) expect(e.note, e.text).toBeTruthy();
	});

	describe('traceability to the source matrix', () => {
		if (!existsSync(matrixSource)) throw new Error(`The source documents are missing: expected ${matrixSource}.`);
		const lines = readFileSync(matrixSource, 'utf8').split('\n');
		const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

		it('recreates the title of the source', () => {
			expect(seeds.matrix.title).toBe(norm(lines[0]));
		});

		it("points every entry's line at a source line that contains the start of its text", () => {
			for (const e of entries) {
				const line = norm(lines[e.line - 1] ?? '');
				const text = norm(e.text);
				let prefix = text.slice(0, 15);
				// never cut a word in half: fall back to whole first words
				if (!line.includes(prefix)) prefix = text.split(' ').slice(0, 2).join(' ');
				expect(line, `entry "${text.slice(0, 40)}…" at line ${e.line}`).toContain(prefix);
			}
		});

		it('never uses a footer or header line', () => {
			const forbidden = lines
				.map((l, i) => ({ l, n: i + 1 }))
				.filter(({ l }) => /Page \*\*\d+\*\* of|As of 31 May 2016|^Provision\t/.test(l))
				.map(({ n }) => n);
			expect(forbidden.length).toBeGreaterThan(0);
			for (const e of entries) expect(forbidden).not.toContain(e.line);
		});

		it('finds the part D "A." provision text on the line of the D.e entries', () => {
			expect(lines[105]).toMatch(/^A\. Strengthen capacity building activities/);
		});
	});
});

describe('source documents', () => {
	it("names, in each seed file's source, files that are kept in seeds/sources", () => {
		const sources = [seeds.bodies.source, seeds.provisions.source, seeds.matrix.source];
		for (const source of sources) {
			const files = source.match(/sources\/[\w.-]+/g) ?? [];
			expect(files.length, source).toBeGreaterThan(0);
			for (const file of files) expect(existsSync(join(seedsDir, file)), file).toBe(true);
		}
	});

	it('finds every body\'s full name in the sectoral bodies overview', () => {
		const overview = readFileSync(join(sourceDir, 'asean-tip-sectoral-bodies-overview.txt'), 'utf8').replace(/\s+/g, ' ');
		for (const body of seeds.bodies.bodies) expect(overview, body.code).toContain(body.name);
	});
});

describe('loadSeeds on a broken seed folder', () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		dir = undefined;
	});

	function brokenCopy(file: string, edit: (json: any) => void): string {
		dir = mkdtempSync(join(tmpdir(), 'seeds-'));
		for (const f of ['bodies.json', 'apa-provisions.json', 'matrix-2016.json']) copyFileSync(join(seedsDir, f), join(dir, f));
		const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		edit(json);
		writeFileSync(join(dir, file), JSON.stringify(json));
		return dir;
	}

	it('throws SeedError naming the file, entry and unknown body', () => {
		const d = brokenCopy('matrix-2016.json', (m) => {
			m.entries[3].body = 'NOSUCHBODY';
		});
		expect(() => loadSeeds(d)).toThrow(SeedError);
		expect(() => loadSeeds(d)).toThrow(/matrix-2016\.json entries\[3\]: unknown body NOSUCHBODY/);
	});

	it('throws SeedError when an uncertain entry has no note', () => {
		const d = brokenCopy('matrix-2016.json', (m) => {
			const i = m.entries.findIndex((e: MatrixEntry) => e.uncertain);
			delete m.entries[i].note;
		});
		expect(() => loadSeeds(d)).toThrow(/uncertain entry needs a note/);
	});

	it('throws SeedError on a provision file that lost a provision', () => {
		const d = brokenCopy('apa-provisions.json', (p) => {
			p.provisions.pop();
		});
		expect(() => loadSeeds(d)).toThrow(SeedError);
		expect(() => loadSeeds(d)).toThrow(/^apa-provisions\.json: provisions/);
	});

	it('throws SeedError on a file that is not JSON', () => {
		dir = mkdtempSync(join(tmpdir(), 'seeds-'));
		for (const f of ['bodies.json', 'apa-provisions.json', 'matrix-2016.json']) copyFileSync(join(seedsDir, f), join(dir, f));
		writeFileSync(join(dir, 'bodies.json'), '{ "source": ');
		expect(() => loadSeeds(dir!)).toThrow(/bodies\.json: cannot read JSON/);
	});
});
