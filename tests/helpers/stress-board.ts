import { readBoard, type BoardView, type EntryView } from '../../src/lib/board/view';
import { buildExportModel, type ExportModel } from '../../src/lib/server/export/model';
import { registryBodies } from './export-model';
import { seededDocs } from './seeded-doc';

/** A sentence in each script of the ten ASEAN Member States (Vietnamese for Latin with all its diacritics). */
export const ASEAN_SAMPLES = {
	vietnamese: 'Phòng chống mua bán người: Bộ Công an, Việt Nam, điều tra và truy tố',
	thai: 'การป้องกันและปราบปรามการค้ามนุษย์ น้ำใจ ที่ผู้ใหญ่',
	lao: 'ການຕ້ານການຄ້າມະນຸດ ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ ນ້ຳ',
	khmer: 'ការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស ស្ត្រី និងកុមារ ក្រសួង',
	burmese: 'လူကုန်ကူးမှု တားဆီးကာကွယ်ရေး ပြည်ထောင်စု မြန်မာ ကြေးနန်း'
} as const;

/** Entry texts that a spreadsheet would evaluate if written as they are. */
export const FORMULA_TEXTS = ['=1+2', '+44 20 7946 0000 hotline', '-  bullet typed the 2016 way', '@SUM(A1:A3)', '=HYPERLINK("http://example.invalid","click")', "'=already quoted"];

/** About 7,000 characters of ordinary prose: taller than a page in every layout. */
export const LONG_TEXT = Array.from(
	{ length: 70 },
	(_, i) => `Paragraph ${i + 1} of the long activity: regional workshop on victim identification, referral and repatriation.`
).join(' ');

/** Cells of the stress board that have a lead but no entry. */
export const EMPTY_LEAD_CELLS = [
	{ provision: 'C.a', category: 'training', body: 'ASLOM' },
	{ provision: 'D.b', category: 'research', body: 'AICHR' },
	{ provision: 'B.a', category: 'institutional', body: 'SOM-ED' }
] as const;

/**
 * The seeded APA board with what the seed lacks and delegates will type: a
 * 7,000-character entry, 40 entries of one body in one cell, a sentence in
 * every ASEAN script, formula-leading texts, and leads on cells without
 * entries (plus a few ordinary leads).
 */
export function stressView(): BoardView {
	const view = readBoard(seededDocs());
	let order = 1_000_000;
	const add = (provision: string, category: string, body: string, text: string, extra: Partial<EntryView> = {}) =>
		view.entries.push({ id: `stress-${order}`, provision, category, body, text, status: 'proposed', progress: 'proposed', uncertain: false, order: order++, ...extra });
	add('A.b', 'research', 'SOMTC', LONG_TEXT);
	for (let i = 1; i <= 40; i++) add('A.d', 'training', 'ACWC', `Training session ${i} for child protection officers on trafficking indicators and safe referral`);
	Object.values(ASEAN_SAMPLES).forEach((text, i) => add('B.b', ['institutional', 'research', 'training', 'prevention'][i % 4], 'SOMSWD', text));
	FORMULA_TEXTS.forEach((text) => add('B.c', 'prevention', 'DGICM', text, { note: '=note(1)' }));
	for (const c of EMPTY_LEAD_CELLS) view.leads[`${c.provision}|${c.category}`] = c.body;
	view.leads['A.d|training'] = 'ACWC';
	view.leads['A.a|prevention'] = 'SOMTC';
	return view;
}

/** The export model of the stress board (id apa-2016, open). */
export function stressModel(opts: { status?: 'open' | 'finalized'; version?: string | null } = {}): ExportModel {
	return buildExportModel(stressView(), registryBodies(), { id: 'apa-2016', status: opts.status ?? 'open' }, opts.version ?? null);
}
