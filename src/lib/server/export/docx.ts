import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	Header,
	HeadingLevel,
	type IRunOptions,
	LevelFormat,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	ShadingType,
	Tab,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType
} from 'docx';
import type { PublicationOptions } from '../../contract/exports';
import { dateLine, metadataDate } from './format';
import { COMPLEX_SCRIPT, SCRIPT_FONTS, SCRIPT_LANGUAGES, scriptRuns, type Script } from './scripts';
import { continuedLabel, headerLabels, LEAD_MARK, markedText, matrixLayout, pieceMark, publicationOf, RESERVATIONS_HEADING, reservationLine, type LayoutCell, type LayoutProvision } from './layout';
import type { ExportDiscussionCell, ExportModel } from './model';
import { packRows, type CellPiece } from '../../board/xlsx-rows';

const FONT = 'Arial';
/** Page and type sizes of a Word export (twips, half-points): A4 or A3 landscape, normal or larger type (projection). */
interface DocxGeometry {
	/** Portrait width and height of the paper; the section turns it landscape. */
	paper: { width: number; height: number };
	contentWidth: number;
	provisionWidth: number;
	bodyWidth: number;
	/** Half-points: 8 pt body text keeps six columns readable on A4 landscape. */
	size: number;
	/** Lines a body row may take (at most a part of the page, erring on the short side), so Word never splits one. */
	rowLines: number;
}

function docxGeometry(options: PublicationOptions): DocxGeometry {
	const a3 = options.paper === 'A3';
	const paper = a3 ? { width: 16838, height: 23811 } : { width: 11906, height: 16838 };
	const type = (options.large ? 1.4 : 1) * (a3 ? 1.2 : 1);
	// Content width: the landscape page less two 12.7 mm margins.
	const contentWidth = paper.height - 2 * 720;
	const size = Math.round(16 * type);
	// The landscape page's height less its margins, in lines of 1.15 × the type size; a row gets 85 % of it (the header row takes its share, and the width estimate errs on more lines).
	const pageLines = (paper.width - 900 - 800) / 20 / ((size / 2) * 1.15);
	return {
		paper,
		contentWidth,
		provisionWidth: Math.round(3100 * (paper.height / 16838) * (options.large ? 1.15 : 1)),
		bodyWidth: Math.round(1250 * type),
		size,
		rowLines: Math.floor(pageLines * 0.85)
	};
}

/**
 * A category column's text width in `wrappedLines` units: the column less
 * its cell margins and the list indent, at 0.45 em per character of Arial
 * (prose measures about 0.4 em in Word and LibreOffice; wrappedLines takes
 * 1.3 characters a unit).
 */
function entryWidthUnits(columnWidth: number, g: DocxGeometry): number {
	const points = (columnWidth - CELL_MARGIN.left - CELL_MARGIN.right - 170) / 20;
	return points / ((g.size / 2) * 0.45) / 1.3;
}
const HEAD_FILL = 'D9E1EE';
const PART_FILL = 'EFF2F7';
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '7F8A99' };
// Borders, cell margins and the entry paragraph format are set once (table
// and style level), not per cell: a 5,000-entry board stays quick to write.
const TABLE_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };
const CELL_MARGIN = { top: 40, bottom: 40, left: 70, right: 70 };
const ENTRY_STYLE = 'PlanningBoardEntry';

function escapeXml(value: string): string {
	return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** docProps/core.xml with fixed dates: the library stamps "now", which would make every export differ. */
function coreXml(model: ExportModel): string {
	const when = metadataDate(model).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return (
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
		'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
		'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
		'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<dc:title>${escapeXml(model.board.title)}</dc:title>` +
		`<dc:description>${escapeXml(dateLine(model))}</dc:description>` +
		'<dc:creator>Planning Board</dc:creator><cp:lastModifiedBy>Planning Board</cp:lastModifiedBy>' +
		`<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
		'</cp:coreProperties>'
	);
}

/** The numbering (a real Word bullet list) every entry paragraph belongs to. */
const ENTRY_LIST = 'planning-board-entries';

/**
 * The font options of a run in one script. A Thai, Lao, Khmer or Burmese run
 * names its script's font in every slot of `w:rFonts` (the run holds only
 * that script, so whichever slot Word picks for its characters is right),
 * hints the complex-script slot and gives the complex-script language, so
 * Word and LibreOffice (which use `w:cs` for these scripts) find the font or
 * substitute one with the glyphs.
 */
function scriptFont(script: Script): Partial<IRunOptions> {
	if (script === 'latin') return {};
	const font = SCRIPT_FONTS[script];
	return { font: { ascii: font, hAnsi: font, eastAsia: font, cs: font, hint: 'cs' }, language: { bidirectional: SCRIPT_LANGUAGES[script] } };
}

/** One line as runs, each complex-script run naming its script's font. */
function lineRuns(line: string, opts: { bold?: boolean; break?: boolean }): TextRun[] {
	const runs = COMPLEX_SCRIPT.test(line) ? scriptRuns(line) : [{ script: 'latin' as Script, text: line }];
	return runs.map((run, i) => new TextRun({ text: run.text, bold: opts.bold, break: i === 0 && opts.break ? 1 : undefined, ...scriptFont(run.script) }));
}

function textRuns(text: string, bold = false): TextRun[] {
	return text.split(/\r?\n/).flatMap((line, i) => lineRuns(line, { bold, break: i > 0 }));
}

/**
 * One row's part of a cell: the lead mark when `lead`, then its pieces: an
 * entry as an item of the bullet list, the rest of one cut at the end of the
 * row above as a paragraph without a bullet, starting "… ".
 */
function piecesCell(pieces: readonly CellPiece[], lead: boolean, width: number, cell: LayoutCell): TableCell {
	const children: Paragraph[] = [];
	if (lead) children.push(new Paragraph({ spacing: { after: 40 }, children: [new TextRun({ text: LEAD_MARK, bold: true, color: '1F3A68' })] }));
	for (const piece of pieces.slice(lead ? 1 : 0)) {
		// A reserved entry's footnote number, superscript after its text (the importer skips it).
		const { text, mark } = pieceMark(piece, cell);
		const runs = [...textRuns(text), ...(mark ? [new TextRun({ text: mark, superScript: true })] : [])];
		children.push(
			piece.continued
				? new Paragraph({ style: ENTRY_STYLE, children: runs })
				: new Paragraph({ style: ENTRY_STYLE, numbering: { reference: ENTRY_LIST, level: 0 }, children: runs })
		);
	}
	if (children.length === 0) children.push(new Paragraph({}));
	return new TableCell({ children, width: { size: width, type: WidthType.DXA } });
}

const CONTINUED_COLOR = '7F8A99';

/** The provision column of one body row: the provision's letter and text in its first row, "a. (continued)" in the others. */
function provisionCell(p: LayoutProvision, first: boolean, width: number, g: DocxGeometry): TableCell {
	const children = first
		? [new TextRun({ text: `${p.provision.letter}.`, bold: true }), new TextRun(' '), ...textRuns(p.provision.text)]
		: [new TextRun({ text: continuedLabel(p.provision), size: g.size - 2, color: CONTINUED_COLOR })];
	return new TableCell({ width: { size: width, type: WidthType.DXA }, children: [new Paragraph({ children })] });
}

function headerRow(labels: string[], widths: number[]): TableRow {
	return new TableRow({
		tableHeader: true,
		cantSplit: true,
		children: labels.map(
			(label, i) =>
				new TableCell({
					width: { size: widths[i], type: WidthType.DXA },
					shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEAD_FILL },
					verticalAlign: VerticalAlign.CENTER,
					children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: label, bold: true })] })]
				})
		)
	});
}

function matrixTable(model: ExportModel, g: DocxGeometry): Table {
	const n = model.categories.length;
	const categoryWidth = Math.floor((g.contentWidth - g.provisionWidth - g.bodyWidth) / Math.max(1, n));
	const widths = [g.provisionWidth, ...model.categories.map(() => categoryWidth), g.bodyWidth];
	const rows: TableRow[] = [headerRow(headerLabels(model), widths)];
	const headingRow = (text: string, size: number) =>
		new TableRow({
			cantSplit: true,
			children: [
				new TableCell({
					columnSpan: n + 2,
					shading: { type: ShadingType.CLEAR, color: 'auto', fill: PART_FILL },
					children: [new Paragraph({ keepNext: true, children: [new TextRun({ text, bold: true, size })] })]
				})
			]
		});
	// The APA section ("IV. Action Plans") heads the table, as in the 2016 matrix.
	if (model.section) rows.push(headingRow(model.section, g.size + 6));
	for (const part of matrixLayout(model)) {
		rows.push(headingRow(part.heading, g.size + 4));
		for (const p of part.provisions) {
			p.rows.forEach((bodyRow, i) => {
				// A body's row stays on one page (cantSplit): a body whose cells are
				// taller than a page goes on over several rows, each under a page,
				// the body repeated and an entry cut between words, so Word never
				// splits a row and leaves its provision and body cells blank.
				const columns = bodyRow.cells.map((cell) => packRows([...(cell.lead ? [LEAD_MARK] : []), ...cell.entries.map((e) => markedText(e))], entryWidthUnits(categoryWidth, g), g.rowLines));
				const count = p.note ? 1 : Math.max(...columns.map((c) => c.length));
				for (let k = 0; k < count; k++) {
					// Every row has its own provision cell: Word does not repeat a merged
					// cell (w:vMerge) after a page break, so a spanning cell would leave the
					// provision blank on the next page. The first row carries its text, the
					// further ones "a. (continued)", small and grey.
					const cells: TableCell[] = [provisionCell(p, i === 0 && k === 0, widths[0], g)];
					if (p.note) {
						cells.push(
							new TableCell({
								columnSpan: n,
								width: { size: categoryWidth * n, type: WidthType.DXA },
								children: [new Paragraph({ children: [new TextRun({ text: p.note, italics: true, color: '5B6675' })] })]
							})
						);
					} else columns.forEach((pieces, c) => cells.push(piecesCell(pieces[k] ?? [], k === 0 && bodyRow.cells[c].lead, widths[c + 1], bodyRow.cells[c])));
					cells.push(
						new TableCell({
							width: { size: widths[n + 1], type: WidthType.DXA },
							children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: bodyRow.label, bold: true })] })]
						})
					);
					rows.push(new TableRow({ cantSplit: true, children: cells }));
				}
			});
		}
	}
	return new Table({
		rows,
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		width: { size: g.contentWidth, type: WidthType.DXA },
		borders: TABLE_BORDERS,
		margins: CELL_MARGIN
	});
}

function bodiesLegend(model: ExportModel, g: DocxGeometry): Paragraph[] {
	const main = model.bodies.filter((b) => !b.parent);
	if (main.length === 0) return [];
	return [
		new Paragraph({
			heading: HeadingLevel.HEADING_1,
			spacing: { before: 240, after: 80 },
			children: [new TextRun({ text: 'Sectoral bodies and organs', bold: true, size: g.size + 4, color: '000000', font: FONT })]
		}),
		...model.bodies.map(
			(b) =>
				new Paragraph({
					spacing: { after: 20 },
					children: [new TextRun({ text: b.code, bold: true }), new TextRun(`  ${b.name} (${b.pillar}${b.parent ? `, under ${b.parent}` : ''})`)]
				})
		)
	];
}

/** The reservations on agreed entries, numbered, after the matrix (and legend). */
function reservationParagraphs(model: ExportModel, g: DocxGeometry): Paragraph[] {
	const reservations = model.reservations ?? [];
	if (reservations.length === 0) return [];
	return [
		new Paragraph({
			heading: HeadingLevel.HEADING_1,
			keepNext: true,
			spacing: { before: 240, after: 80 },
			children: [new TextRun({ text: RESERVATIONS_HEADING, bold: true, size: g.size + 4, color: '000000', font: FONT })]
		}),
		...reservations.map((r) => new Paragraph({ spacing: { after: 40 }, children: textRuns(reservationLine(r)) }))
	];
}

const byline = (name: string | null, body: string | null) => (name ?? 'Someone') + (body ? ` (${body})` : '');

/**
 * The discussion annex, after the table and legend on a new page: "Annex:
 * Discussion", then per cell its label and threads (open or resolved, by whom
 * and when), each comment with its author, date and text, replies indented.
 */
function discussionAnnexParagraphs(cells: readonly ExportDiscussionCell[], g: DocxGeometry): Paragraph[] {
	const out: Paragraph[] = [
		new Paragraph({
			heading: HeadingLevel.HEADING_1,
			pageBreakBefore: true,
			spacing: { after: 120 },
			children: [new TextRun({ text: 'Annex: Discussion', bold: true, size: 28, color: '000000', font: FONT })]
		})
	];
	if (cells.length === 0) out.push(new Paragraph({ children: [new TextRun({ text: 'There is no discussion on this board.', italics: true })] }));
	for (const cell of cells) {
		out.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_2,
				keepNext: true,
				spacing: { before: 200, after: 60 },
				children: [new TextRun({ text: cell.label, bold: true, size: g.size + 6, color: '1F3A68', font: FONT })]
			})
		);
		cell.threads.forEach((thread, i) => {
			const state = thread.resolved ? `Resolved by ${thread.resolved.by ?? 'someone'}, ${thread.resolved.date}` : 'Open';
			out.push(
				new Paragraph({
					keepNext: true,
					spacing: { before: 100, after: 40 },
					children: [
						new TextRun({ text: `Thread ${i + 1} · ${state}`, bold: true }),
						...(thread.entry ? [new TextRun({ text: ` · on the entry “${thread.entry}”`, italics: true })] : [])
					]
				})
			);
			for (const c of thread.comments) {
				const indent = { left: c.reply ? 680 : 340 };
				out.push(
					new Paragraph({
						keepNext: true,
						indent,
						children: [
							new TextRun({ text: byline(c.author, c.authorBody), bold: true }),
							new TextRun({ text: ` · ${c.date}${c.reply ? ' · reply' : ''}${c.edited ? ' · edited' : ''}`, color: '5B6675' })
						]
					}),
					new Paragraph({ indent, spacing: { after: 80 }, children: textRuns(c.text) })
				);
			}
		});
	}
	return out;
}

/**
 * The matrix as a Word document: A4 landscape, the board title and "as of"
 * line as the heading, the 2016 table with its header row repeated on every
 * page, page numbers in the footer and the body registry as a legend; with
 * `model.discussion`, the discussion annex after them.
 */
export async function exportDocx(model: ExportModel): Promise<Uint8Array> {
	const date = dateLine(model);
	const publication = publicationOf(model);
	const g = docxGeometry(publication);
	const doc = new Document({
		creator: 'Planning Board',
		title: model.board.title,
		numbering: {
			config: [
				{
					reference: ENTRY_LIST,
					levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 170, hanging: 170 } } } }]
				}
			]
		},
		styles: {
			default: { document: { run: { font: FONT, size: g.size } } },
			paragraphStyles: [
				{
					id: ENTRY_STYLE,
					name: 'Matrix entry',
					basedOn: 'Normal',
					quickFormat: true,
					paragraph: { indent: { left: 170, hanging: 170 }, spacing: { after: 40 } }
				}
			]
		},
		sections: [
			{
				properties: {
					page: {
						size: { ...g.paper, orientation: PageOrientation.LANDSCAPE },
						margin: { top: 900, bottom: 800, left: 720, right: 720, header: 400, footer: 400 }
					}
				},
				headers: {
					default: new Header({
						children: [
							new Paragraph({
								tabStops: [{ type: 'right', position: g.contentWidth }],
								children: [new TextRun({ text: model.board.title, size: 14, color: '5B6675' }), new TextRun({ children: [new Tab(), date], size: 14, color: '5B6675' })]
							})
						]
					})
				},
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16 })]
							})
						]
					})
				},
				children: [
					new Paragraph({
						heading: HeadingLevel.TITLE,
						spacing: { after: 60 },
						children: [new TextRun({ text: model.board.title, bold: true, size: 28, color: '000000', font: FONT })]
					}),
					new Paragraph({ spacing: { after: 160 }, children: [new TextRun({ text: date, italics: true, size: 20 })] }),
					matrixTable(model, g),
					...(publication.legend ? bodiesLegend(model, g) : []),
					...reservationParagraphs(model, g),
					...(model.discussion ? discussionAnnexParagraphs(model.discussion, g) : [])
				]
			}
		]
	});
	const buffer = await Packer.toBuffer(doc, undefined, [{ path: 'docProps/core.xml', data: coreXml(model) }]);
	return new Uint8Array(buffer);
}
