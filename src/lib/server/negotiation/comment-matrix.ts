import { AlignmentType, Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { COMMENT_TYPES, MATRIX_COLUMNS, planRows, type CommentType, type MatrixRow, type RowPlan } from '../../board/comment-matrix';
import { describeCell } from '../../board/discussion';
import type { Actor, NamedUserActor } from '../../board/permissions';
import { readBoard } from '../../board/view';
import { badRequest, forbidden } from '../app-error';
import type { AppContext } from '../app-context';

/** The sheet of the matrix in the workbook (the first sheet is read when it is missing). */
const SHEET = 'Comments';
const WIDTHS = [10, 10, 34, 6, 50, 50, 40];

/** The comment-resolution matrix as an Excel workbook: one header row, one row per comment. */
export async function matrixXlsx(title: string, rows: readonly MatrixRow[]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Planning Board';
	wb.title = `Comment-resolution matrix: ${title}`;
	const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = WIDTHS.map((width) => ({ width }));
	ws.addRow([...MATRIX_COLUMNS]).font = { bold: true };
	for (const r of rows) ws.addRow([r.body, r.provision, r.paragraph, r.type, r.comment, r.proposedChange, r.observations]);
	ws.eachRow((row) => row.eachCell((c) => (c.alignment = { wrapText: true, vertical: 'top' })));
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The same matrix as a Word table (landscape), for bodies that work in Word. */
export async function matrixDocx(title: string, rows: readonly MatrixRow[]): Promise<Uint8Array> {
	const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
	const doc = new Document({
		creator: 'Planning Board',
		title: `Comment-resolution matrix: ${title}`,
		sections: [
			{
				properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
				children: [
					new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT, children: [new TextRun({ text: `Comment-resolution matrix: ${title}`, bold: true })] }),
					new Table({
						width: { size: 100, type: WidthType.PERCENTAGE },
						rows: [
							new TableRow({ tableHeader: true, children: MATRIX_COLUMNS.map((h) => cell(h, true)) }),
							...rows.map((r) => new TableRow({ children: [r.body, r.provision, r.paragraph, r.type, r.comment, r.proposedChange, r.observations].map((v) => cell(v)) }))
						]
					})
				]
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

function text(c: ExcelJS.Cell): string {
	const v = c.value;
	if (v === null || v === undefined) return '';
	if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
	if (typeof v === 'object' && 'text' in v) return String(v.text);
	return String(v);
}

/** The rows of a filled matrix workbook (its "Comments" sheet, else its first), header skipped, empty rows dropped. */
export async function readMatrixXlsx(bytes: Uint8Array): Promise<MatrixRow[]> {
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		throw badRequest('This file is not a readable Excel workbook (.xlsx).');
	}
	const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
	if (!ws) throw badRequest('This workbook has no sheets.');
	if (text(ws.getCell(1, 1)).trim().toLowerCase() !== 'body') throw badRequest('This is not a comment-resolution matrix: its first column should be “Body”.');
	const rows: MatrixRow[] = [];
	for (let r = 2; r <= Math.min(ws.rowCount, 5_001); r++) {
		const v = (col: number) => text(ws.getCell(r, col)).trim();
		const type = v(4).toLowerCase();
		rows.push({
			body: v(1),
			provision: v(2),
			paragraph: v(3),
			type: (COMMENT_TYPES as readonly string[]).includes(type) ? (type as CommentType) : 'ge',
			comment: v(5),
			proposedChange: v(6),
			observations: v(7)
		});
	}
	return rows.filter((r) => r.provision || r.comment || r.proposedChange);
}

/** Who may import a body's matrix: its own delegates (and the chair for theirs), or the secretariat for any body. */
export function whyNotImportFor(actor: Actor, body: string): string | null {
	if (actor.role === 'secretariat') return null;
	if ((actor.role === 'delegate' || actor.role === 'chair') && actor.body === body) return null;
	return `Only ${body} delegates or the secretariat import ${body}’s comments.`;
}

/**
 * Turns a filled matrix's rows into suggestions and comments attributed to
 * `body` (the importer named as the person). With `apply` false, only says
 * what each row would become (the preview).
 */
export function importMatrix(
	ctx: Pick<AppContext, 'rooms' | 'suggestions' | 'comments' | 'boards'>,
	actor: NamedUserActor,
	boardId: string,
	body: string,
	rows: readonly MatrixRow[],
	apply: boolean
): { plans: RowPlan[]; created: { suggestions: number; comments: number } } {
	ctx.boards.require(boardId);
	const why = whyNotImportFor(actor, body);
	if (why) throw forbidden(why);
	const view = readBoard(ctx.rooms.readDocs(boardId));
	const plans = planRows(view, rows, body);
	const created = { suggestions: 0, comments: 0 };
	if (!apply) return { plans, created };
	// On behalf of the body: its code in the text when the importer speaks for another (the secretariat).
	const prefix = actor.body === body ? '' : `[${body}] `;
	for (const p of plans) {
		if (p.as === 'wording' || p.as === 'provision') {
			const input =
				p.as === 'wording'
					? { kind: 'wording' as const, entryId: p.entryId, text: p.text, reason: p.reason }
					: { kind: 'provision' as const, provisionId: p.provisionId, text: p.text, reason: p.reason };
			ctx.suggestions.suggest(actor, boardId, input, body);
			created.suggestions++;
		} else if (p.as === 'comment') {
			const described = describeCell(view, p.cell, p.entryId);
			if ('problem' in described) continue;
			ctx.comments.post(actor, { boardId, cell: p.cell, cellLabel: described.label, entryId: p.entryId, body: prefix + p.text });
			created.comments++;
		}
	}
	return { plans, created };
}
