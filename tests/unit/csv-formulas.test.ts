import { describe, expect, it } from 'vitest';
import { computeCoverage, gapsToCsv } from '$lib/board/coverage';
import { readBoard } from '$lib/board/view';
import { csvField, neutraliseFormula, restoreFormula } from '$lib/csv-field';
import { exportCsv } from '$lib/server/export/csv';
import { apaBase, planImport } from '$lib/server/import';
import { parseCsv } from '$lib/server/import/csv';
import { registryBodies } from '../helpers/export-model';
import { seededDocs, seeds } from '../helpers/seeded-doc';
import { FORMULA_TEXTS, stressModel } from '../helpers/stress-board';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
/** A field a spreadsheet would evaluate: it starts with a formula trigger. */
const evaluable = (field: string) => /^[=+\-@\t\r]/.test(field);

describe('formula neutralisation in CSV', () => {
	it('prefixes a leading =, +, -, @, TAB or CR with an apostrophe and leaves other text alone', () => {
		for (const t of ['=1+2', '+1', '-x', '@a', '\tx', '\rx', "'=x", "''+x"]) expect(neutraliseFormula(t)).toBe(`'${t}`);
		for (const t of ['plain', "'quoted", 'a=b', ' =x', '', "'"]) expect(neutraliseFormula(t)).toBe(t);
		expect(csvField('=SUM(1,2)')).toBe(`"'=SUM(1,2)"`);
	});

	it('round trips every text exactly, apostrophes included', () => {
		for (const t of [...FORMULA_TEXTS, "'", "'a", "''", "''=x", "'''-", 'x', '', '=', '\t']) expect(restoreFormula(neutraliseFormula(t))).toBe(t);
	});

	it('leaves no field of the board export that a spreadsheet would evaluate', () => {
		const records = parseCsv(decode(exportCsv(stressModel())));
		const fields = records.flat();
		expect(fields.filter(evaluable)).toEqual([]);
		const texts = records.map((r) => r[6]);
		expect(texts).toContain("'=1+2");
		expect(texts).toContain(`'=HYPERLINK("http://example.invalid","click")`);
		expect(texts).toContain("''=already quoted");
		expect(records.map((r) => r[9])).toContain("'=note(1)");
	});

	it('imports the export back with the prefix removed, texts and notes unchanged', async () => {
		const model = stressModel();
		const plan = await planImport({ name: 'stress.csv', bytes: exportCsv(model) }, { base: apaBase(seeds()), registry: registryBodies() });
		expect(plan.problems).toEqual([]);
		const imported = plan.entries.filter((e) => e.provision === 'B.c' && e.body === 'DGICM').map((e) => [e.text, e.note]);
		expect(imported).toEqual(FORMULA_TEXTS.map((t) => [t, '=note(1)']));
	});

	it('neutralises the coverage gap list too', () => {
		const view = readBoard(seededDocs());
		const [first, second] = computeCoverage(view, seeds().bodies.bodies).gaps.emptyProvisions;
		view.provisions.find((p) => p.id === first)!.text = '=HYPERLINK("http://example.invalid")';
		view.provisions.find((p) => p.id === second)!.text = '- a provision typed with a dash';
		const records = parseCsv(gapsToCsv(view, computeCoverage(view, seeds().bodies.bodies).gaps));
		expect(records.flat().filter(evaluable)).toEqual([]);
		expect(records.map((r) => r[4])).toContain(`'=HYPERLINK("http://example.invalid")`);
		expect(records.map((r) => r[4])).toContain("'- a provision typed with a dash");
	});
});
