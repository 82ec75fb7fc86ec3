import JSZip from 'jszip';
import { CONTINUED_MARK, LEAD_MARK } from '../../board/xlsx-rows';
import { isContinuedLabel } from '../export/layout';
import { paragraphText } from './docx-xml';
import { matchCategory, normaliseRef, placeRows, type ImportBase, type ImportPlan, type ImportProblem, type PlannedLead, type RawRow, type RegistryBody } from './plan';
import { asOfOfDateLine } from './xlsx';
import { badRequest } from '../app-error';

/**
 * Import of a Word matrix: our own docx export and the layout of the 2016
 * document (Provision | the categories | Sectoral Body / Organ; the
 * provision cell merged down over its body rows; part headings as rows of
 * their own). Word XML is read directly: tables, rows, cells with their
 * horizontal span and vertical merge, paragraphs with their list numbering.
 */

interface Paragraph {
	text: string;
	/** A list item (Word numbering) or a paragraph starting with a bullet character. */
	item: boolean;
}
interface Cell {
	/** First grid column of the cell. */
	col: number;
	span: number;
	/** A continuation of the cell above (`w:vMerge` without "restart"). */
	continued: boolean;
	paragraphs: Paragraph[];
	text: string;
}

const BULLET_START = /^\s*[•\-*▪◦●]\s*/;

function paragraphsOf(xml: string): Paragraph[] {
	return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => {
		const p = m[0];
		const text = paragraphText(p);
		const numbered = /<w:numPr>/.test(p);
		return { text: numbered ? text : text.replace(BULLET_START, (b) => (b.trim() ? '' : b)), item: numbered || BULLET_START.test(text) };
	});
}

function rowsOf(table: string): Cell[][] {
	return [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => {
		let col = 0;
		return [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>|<w:tc [^>]*>[\s\S]*?<\/w:tc>/g)].map((c) => {
			const tc = c[0];
			const span = Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc)?.[1] ?? 1);
			const vMerge = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(tc);
			const paragraphs = paragraphsOf(tc);
			const cell = { col, span, continued: !!vMerge && vMerge[1] !== 'restart', paragraphs, text: paragraphs.map((p) => p.text).join('\n').trim() };
			col += span;
			return cell;
		});
	});
}

/**
 * A cell's entries (the text of each), whether it starts with the lead mark,
 * and the rest of an entry our export cut at the end of the row above (a
 * first paragraph without a bullet starting "… ").
 */
function entriesOf(cell: Cell): { lead: boolean; items: string[]; carried: string | null } {
	const paragraphs = cell.paragraphs.filter((p) => p.text.trim());
	let lead = false;
	if (paragraphs[0]?.text.trim() === LEAD_MARK) {
		lead = true;
		paragraphs.shift();
	}
	let carried: string | null = null;
	if (paragraphs[0] && !paragraphs[0].item && paragraphs[0].text.startsWith(`${CONTINUED_MARK} `)) carried = paragraphs.shift()!.text.slice(CONTINUED_MARK.length + 1);
	const bulleted = paragraphs.some((p) => p.item);
	const items: string[] = [];
	for (const p of paragraphs) {
		// Where the cell uses bullets, a paragraph without one continues the entry above; else each paragraph is an entry.
		if (bulleted && !p.item && items.length > 0) items[items.length - 1] += `\n${p.text.trim()}`;
		else items.push(p.text.trim());
	}
	return { lead, items, carried };
}

/** The import plan of a Word document whose first table is in the matrix layout, placed onto `base`. */
export async function planFromDocx(fileName: string, bytes: Uint8Array, base: ImportBase, registry: readonly RegistryBody[]): Promise<ImportPlan> {
	let xml: string | undefined;
	try {
		xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
	} catch {
		throw badRequest('This file is not a readable Word document (.docx).');
	}
	if (!xml) throw badRequest('This file is not a Word document: it has no word/document.xml.');
	const body = xml.slice(xml.indexOf('<w:body>'));
	const tables = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)];
	let found: { rows: Cell[][]; header: number; at: number } | null = null;
	for (const t of tables) {
		const rows = rowsOf(t[0]);
		const header = rows.findIndex((r) => r[0]?.text.toLowerCase() === 'provision');
		if (header >= 0) {
			found = { rows, header, at: t.index! };
			break;
		}
	}
	if (!found) throw badRequest('This Word document has no table whose header row starts with “Provision”, so it is not in the matrix layout.');
	const { rows, header } = found;
	const labels = rows[header].map((c) => ({ col: c.col, text: c.text }));
	const bodyCol = labels.findLast((l) => /body|organ/i.test(l.text))?.col ?? -1;
	if (bodyCol < 2) throw badRequest('The Word table has no “Sectoral Body / Organ” column.');
	const problems: ImportProblem[] = [];
	const columns: { col: number; category: string; label: string }[] = [];
	for (const l of labels.filter((l) => l.col > 0 && l.col < bodyCol)) {
		const category = matchCategory(l.text, base.categories);
		if (category) columns.push({ col: l.col, category, label: l.text });
		else if (l.text) problems.push({ where: `column ${l.col + 1}`, reason: `“${l.text}” is not a category of the board; its entries are not placed` });
	}
	const knownParts = new Set(base.parts.map((p) => p.id));
	const raw: RawRow[] = [];
	const leads: (PlannedLead & { where: string })[] = [];
	let part = '';
	let ref = '';
	// The last entry read per column, for an entry the export continued in the next row ("… rest").
	const lastInColumn = new Map<number, RawRow>();
	rows.slice(header + 1).forEach((row, n) => {
		const where = `Word table row ${header + n + 2}`;
		const filled = row.filter((c) => c.text && !c.continued);
		const first = row.find((c) => c.col === 0);
		const bodyLabel = row.find((c) => c.col === bodyCol)?.text ?? '';
		// A heading row: one cell merged across the table (ours), or one text in a row with no provision and no body (2016).
		const lone = filled.length === 1 && (row.length === 1 || (!!first && !first.continued && !first.text && !bodyLabel));
		if (lone) {
			const heading = filled[0].text;
			const m = /^([A-Z]+)\.\s/.exec(heading);
			if (m && knownParts.has(m[1])) {
				part = m[1];
				ref = '';
				return;
			}
			// A section heading ("IV. Action Plans") stands above the parts.
			if (/^[IVXLC]+\.\s/.test(heading)) return;
			if (row.length === 1) {
				problems.push({ where, reason: `“${heading.slice(0, 60)}” is not a part of the board (A–D); its provisions are not placed` });
				part = '';
				return;
			}
		}
		// "a. (continued)": a further row of the provision above (our export gives every row its own provision cell).
		if (first && !first.continued && !isContinuedLabel(first.text)) {
			const m = /^([a-z]+[0-9]*(?:-\d+)?)\.\s/i.exec(first.text);
			ref = m && part ? `${part}.${m[1].toLowerCase()}` : '';
			lastInColumn.clear();
			if (first.text && !ref && part) problems.push({ where, reason: 'the provision cell does not start with its letter (“a. …”)' });
		}
		for (const { col, category, label } of columns) {
			const cell = row.find((c) => c.col === col);
			if (!cell) continue;
			const { lead, items, carried } = entriesOf(cell);
			const at = `${where}, ${label}`;
			const previous = lastInColumn.get(col);
			if (carried !== null && previous && previous.body === bodyLabel) previous.text += ` ${carried}`;
			else if (carried !== null) items.unshift(`${CONTINUED_MARK} ${carried}`);
			for (const text of items) {
				const entry = { where: at, ref, category, body: bodyLabel, subsidiary: '', lead: '', status: '', text, uncertain: '', note: '' };
				raw.push(entry);
				lastInColumn.set(col, entry);
			}
			if (lead && ref && bodyLabel) leads.push({ provision: normaliseRef(ref), category, body: /^\s*([^()]+?)\s*(?:\(|$)/.exec(bodyLabel)?.[1].toUpperCase() ?? bodyLabel, where: at });
		}
	});
	const plan = placeRows('docx', fileName, raw, base, registry, leads.filter((l) => base.provisions.some((p) => p.ref === l.provision)));
	plan.problems.unshift(...problems);
	// Title and date: the paragraphs before the table (our export: the title, then the date line).
	const before = paragraphsOf(body.slice(0, found.at)).map((p) => p.text.trim()).filter(Boolean);
	if (before[0]) plan.title = before[0];
	const asOf = before.slice(1).map(asOfOfDateLine).find((d) => d);
	if (asOf) plan.asOf = asOf;
	plan.notes.push('A Word matrix has no status, “uncertain” flag or note: its entries come in as proposed and certain.');
	return plan;
}
