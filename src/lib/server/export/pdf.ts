import PDFDocument from 'pdfkit';
import type { PublicationOptions } from '../../contract/exports';
import { dateLine, metadataDate } from './format';
import { BULLET, headerLabels, LEAD_MARK, markedText, matrixLayout, publicationOf, RESERVATIONS_HEADING, reservationLine, type LayoutBodyRow, type LayoutProvision } from './layout';
import type { ExportModel } from './model';
import { PdfTags } from './pdf-tags';
import { PdfText, printable, type Line, type Span } from './pdf-text';

const PAD = 3.5;
const GAP = 1.5;
const MARGIN_X = 32;
const TOP = 46;
const INK = '#1b2430';
const MUTED = '#5b6675';
const LINE = '#7f8a99';
const HEAD_FILL = '#d9e1ee';
const PART_FILL = '#eff2f7';
const LEAD_COLOR = '#1f3a68';

/** One entry (or the lead mark) of a cell, laid out; `cont` for the rest of an entry split across pages (no bullet). */
interface Block {
	lead: boolean;
	lines: Line[];
	height: number;
	cont?: boolean;
}
interface Row {
	label: Line[];
	columns: Block[][];
	height: number;
	/** "No activities proposed", printed across the category columns of an empty provision. */
	note?: Line[];
}

type Pdf = PDFKit.PDFDocument;

/** Page and type sizes of a PDF export, in points: A4 or A3 landscape, normal or larger type (projection). */
interface Geometry {
	pageW: number;
	pageH: number;
	bottom: number;
	contentW: number;
	provisionW: number;
	bodyW: number;
	bulletW: number;
	/** Body text, title, date line and part headings. */
	size: number;
	titleSize: number;
	headingSize: number;
}

function geometry(options: PublicationOptions): Geometry {
	const a3 = options.paper === 'A3';
	const page = a3 ? Math.SQRT2 : 1;
	const type = (options.large ? 1.4 : 1) * (a3 ? 1.2 : 1);
	const pageW = 841.89 * page;
	const pageH = 595.28 * page;
	return {
		pageW,
		pageH,
		bottom: pageH - 40,
		contentW: pageW - 2 * MARGIN_X,
		provisionW: 150 * page * (options.large ? 1.15 : 1),
		bodyW: 60 * type,
		bulletW: 7 * type,
		size: 7.5 * type,
		titleSize: 13 * type,
		headingSize: 9 * type
	};
}

/**
 * The matrix as a print-quality PDF drawn with pdfkit: A4 landscape, the
 * header row repeated on every page, the board title and date line in the
 * page header and "Page N of M" in the footer. Every script of the ASEAN
 * Member States prints in its own font (`pdf-fonts.ts`). Rows move to the
 * next page whole; only a body row taller than a page is split, between
 * entries, or between the lines of an entry taller than a page, with the
 * body label repeated: nothing is cut.
 */
export async function exportPdf(model: ExportModel): Promise<Uint8Array> {
	const when = metadataDate(model);
	const doc = new PDFDocument({
		size: publicationOf(model).paper ?? 'A4',
		layout: 'landscape',
		margins: { top: 10, bottom: 5, left: MARGIN_X, right: MARGIN_X },
		bufferPages: true,
		autoFirstPage: true,
		// Tagged (structure tree, /Lang, the title shown as the window title): readable by screen readers.
		pdfVersion: '1.7',
		tagged: true,
		lang: 'en',
		displayTitle: true,
		info: {
			Title: printable(model.board.title),
			Subject: printable(dateLine(model)),
			Author: 'Planning Board',
			Creator: 'Planning Board',
			Producer: 'Planning Board',
			CreationDate: when,
			ModDate: when
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', () => resolve());
		doc.on('error', reject);
	});
	new MatrixPdf(doc, model).render();
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}

class MatrixPdf {
	#g: Geometry;
	#doc: Pdf;
	#tags: PdfTags;
	/** The matrix's table element and its body, the parents of the rows. */
	#table!: PDFKit.PDFStructureElement;
	#tbody!: PDFKit.PDFStructureElement;
	/** The section's bookmark, the parent of the parts' (or the outline's root without a section). */
	#outline!: PDFKit.PDFOutline;
	#text: PdfText;
	#model: ExportModel;
	#xs: number[];
	#widths: number[];
	#y = TOP;
	#header: Line[][] = [];
	#headerH = 0;

	constructor(doc: Pdf, model: ExportModel) {
		this.#doc = doc;
		this.#text = new PdfText(doc);
		this.#tags = new PdfTags(doc);
		this.#model = model;
		const g = (this.#g = geometry(publicationOf(model)));
		const n = model.categories.length;
		const categoryW = (g.contentW - g.provisionW - g.bodyW) / Math.max(1, n);
		this.#widths = [g.provisionW, ...model.categories.map(() => categoryW), g.bodyW];
		this.#xs = [];
		let x = MARGIN_X;
		for (const w of this.#widths) {
			this.#xs.push(x);
			x += w;
		}
	}

	render(): void {
		const text = this.#text;
		const tags = this.#tags;
		const title = this.#lines(this.#model.board.title, this.#g.contentW, { bold: true }, this.#g.titleSize);
		tags.tag(tags.root, 'H1', () => (this.#y = TOP + text.draw(title, MARGIN_X, TOP, this.#g.titleSize)));
		const date = this.#lines(dateLine(this.#model), this.#g.contentW, { color: MUTED }, this.#g.headingSize);
		tags.tag(tags.root, 'P', () => (this.#y += 2 + text.draw(date, MARGIN_X, this.#y + 2, this.#g.headingSize) + 8));
		this.#header = headerLabels(this.#model).map((l, i) => this.#lines(l, this.#widths[i] - 2 * PAD, { bold: true }));
		this.#headerH = 2 * PAD + Math.max(...this.#header.map((l) => text.height(l)));
		this.#table = tags.group(tags.root, 'Table');
		const head = tags.group(this.#table, 'THead');
		this.#drawHeaderRow(tags.group(head, 'TR'));
		head.end();
		this.#tbody = tags.group(this.#table, 'TBody');
		const parts = matrixLayout(this.#model);
		this.#outline = this.#doc.outline;
		// The APA section ("IV. Action Plans") heads the table, as in the 2016 matrix.
		if (this.#model.section) {
			this.#headingRow(this.#model.section, this.#g.headingSize * 1.1, 0, 'H2');
			this.#outline = this.#outline.addItem(printable(this.#model.section), { expanded: true });
		}
		for (const part of parts) {
			const first = part.provisions[0];
			this.#headingRow(part.heading, this.#g.headingSize, first ? Math.min(this.#rows(first)[0]?.height ?? 0, 80) : 0, this.#model.section ? 'H3' : 'H2');
			// A bookmark per part, on the page where its heading is.
			this.#outline.addItem(printable(part.heading));
			for (const p of part.provisions) this.#drawProvision(p);
		}
		this.#tbody.end();
		this.#table.end();
		if (publicationOf(this.#model).legend) this.#drawLegend();
		this.#drawReservations();
		this.#pageFurniture();
		tags.root.end();
	}

	/** A heading row across the table (the section, a part), on a new page unless it and `keepWith` points of what follows fit. */
	#headingRow(value: string, size: number, keepWith: number, level: 'H2' | 'H3'): void {
		const heading = this.#lines(value, this.#g.contentW - 2 * PAD, { bold: true }, size);
		const h = this.#text.height(heading) + 2 * PAD;
		if (this.#y + h + keepWith > this.#g.bottom) this.#newPage();
		this.#fillRect(MARGIN_X, this.#y, this.#g.contentW, h, PART_FILL);
		// A row of the table whose one header cell is the heading.
		const row = this.#tags.group(this.#tbody, 'TR');
		const cell = this.#tags.group(row, 'TH');
		this.#tags.tag(cell, level, () => this.#text.draw(heading, MARGIN_X + PAD, this.#y + PAD, size));
		cell.end();
		row.end();
		this.#y += h;
	}

	/** The body acronyms after the table: "SOMTC  Senior Officials Meeting on Transnational Crime (APSC)". */
	#drawLegend(): void {
		const g = this.#g;
		const heading = this.#lines('Sectoral bodies and organs', g.contentW, { bold: true }, g.headingSize);
		const codeW = 60 * (g.size / 7.5);
		const entries = this.#model.bodies.map((b) => ({
			code: this.#lines(b.code, codeW - PAD, { bold: true }),
			name: this.#lines(`${b.name} (${b.pillar}${b.parent ? `, under ${b.parent}` : ''})`, g.contentW - codeW)
		}));
		const firstH = entries[0] ? this.#text.height(entries[0].name) : 0;
		if (this.#y + 12 + this.#text.height(heading) + firstH > g.bottom) this.#newPage(false);
		else this.#y += 12;
		const tags = this.#tags;
		tags.tag(tags.root, 'H2', () => (this.#y += this.#text.draw(heading, MARGIN_X, this.#y, g.headingSize) + 4));
		this.#doc.outline.addItem('Sectoral bodies and organs');
		const list = tags.group(tags.root, 'L');
		for (const e of entries) {
			const h = Math.max(this.#text.height(e.code), this.#text.height(e.name));
			if (this.#y + h > g.bottom) this.#newPage(false);
			const item = tags.group(list, 'LI');
			tags.tag(item, 'Lbl', () => this.#text.draw(e.code, MARGIN_X, this.#y, g.size));
			tags.tag(item, 'LBody', () => this.#text.draw(e.name, MARGIN_X + codeW, this.#y, g.size));
			item.end();
			this.#y += h + 1;
		}
		list.end();
	}

	/** The reservations on agreed entries, numbered, after the legend: the footnotes of the matrix. */
	#drawReservations(): void {
		const reservations = this.#model.reservations ?? [];
		if (reservations.length === 0) return;
		const g = this.#g;
		const heading = this.#lines(RESERVATIONS_HEADING, g.contentW, { bold: true }, g.headingSize);
		const notes = reservations.map((r) => this.#lines(reservationLine(r), g.contentW));
		if (this.#y + 12 + this.#text.height(heading) + this.#text.height(notes[0]) > g.bottom) this.#newPage(false);
		else this.#y += 12;
		const tags = this.#tags;
		tags.tag(tags.root, 'H2', () => (this.#y += this.#text.draw(heading, MARGIN_X, this.#y, g.headingSize) + 4));
		this.#doc.outline.addItem(RESERVATIONS_HEADING);
		for (const note of notes) {
			const h = this.#text.height(note);
			if (this.#y + h > g.bottom) this.#newPage(false);
			tags.tag(tags.root, 'P', () => this.#text.draw(note, MARGIN_X, this.#y, g.size));
			this.#y += h + 2;
		}
	}

	#lines(value: string, width: number, style: Omit<Span, 'text'> = {}, size = this.#g.size): Line[] {
		return this.#text.lines([{ text: printable(value), ...style }], width, size);
	}

	#rowsCache = new Map<LayoutProvision, Row[]>();
	#rows(p: LayoutProvision): Row[] {
		let rows = this.#rowsCache.get(p);
		if (!rows) {
			const noteW = this.#widths.slice(1, -1).reduce((a, b) => a + b, 0) - 2 * PAD;
			const note = p.note ? this.#lines(p.note, noteW, { color: MUTED }) : null;
			rows = note ? [{ label: [], columns: [], note, height: 2 * PAD + this.#text.height(note) }] : p.rows.map((r) => this.#row(r));
			this.#rowsCache.set(p, rows);
		}
		return rows;
	}

	#row(r: LayoutBodyRow): Row {
		const columns = r.cells.map((cell, i) => {
			const w = this.#widths[i + 1] - 2 * PAD;
			const blocks: Block[] = [];
			if (cell.lead) blocks.push(this.#block(true, this.#lines(LEAD_MARK, w, { bold: true, color: LEAD_COLOR })));
			// A reserved entry ends with its footnote number ("[1]"), as in the list after the matrix.
			for (const e of cell.entries) blocks.push(this.#block(false, this.#lines(markedText(e, ' '), w - this.#g.bulletW)));
			return blocks;
		});
		const label = r.label ? this.#lines(r.label, this.#g.bodyW - 2 * PAD, { bold: true }) : [];
		return { label, columns, height: this.#rowHeight(label, columns) };
	}

	#block(lead: boolean, lines: Line[], cont = false): Block {
		return { lead, lines, height: this.#text.height(lines) + GAP, cont };
	}

	#rowHeight(label: Line[], columns: Block[][]): number {
		const labelH = label.length > 0 ? this.#text.height(label) : this.#g.size;
		return 2 * PAD + Math.max(labelH, ...columns.map((blocks) => blocks.reduce((s, b) => s + b.height, 0)));
	}

	/**
	 * Splits a row that cannot fit on an empty page into a part that fits in
	 * `avail` and the rest: between entries where it can, else between the
	 * lines of an entry taller than the page (the rest continues without a bullet).
	 */
	#splitRow(row: Row, avail: number): [Row, Row] {
		const head: Block[][] = [];
		const rest: Block[][] = [];
		for (const blocks of row.columns) {
			let used = 2 * PAD;
			let i = 0;
			while (i < blocks.length && used + blocks[i].height <= avail) used += blocks[i++].height;
			head.push(blocks.slice(0, i));
			rest.push(blocks.slice(i));
			const next = blocks[i];
			if (next && !next.lead) {
				let fit = 0;
				let h = GAP;
				while (fit < next.lines.length && used + h + next.lines[fit].height <= avail) h += next.lines[fit++].height;
				// Split inside an entry only when nothing else would go on this page, or at least two lines fit.
				if (fit > 0 && (i === 0 || fit >= 2)) {
					head[head.length - 1].push(this.#block(false, next.lines.slice(0, fit), next.cont));
					rest[rest.length - 1][0] = this.#block(false, next.lines.slice(fit), true);
				}
			}
		}
		return [
			{ label: row.label, columns: head, height: Math.min(avail, this.#rowHeight(row.label, head)) },
			{ label: row.label, columns: rest, height: this.#rowHeight(row.label, rest) }
		];
	}

	#drawProvision(p: LayoutProvision): void {
		const provisionW = this.#g.provisionW - 2 * PAD;
		const provisionLines = (first: boolean) =>
			this.#text.lines(
				[
					{ text: `${printable(p.provision.letter)}. `, bold: true },
					{ text: first ? printable(p.provision.text) : '(continued)' }
				],
				provisionW,
				this.#g.size
			);
		const queue = [...this.#rows(p)];
		let first = true;
		while (queue.length > 0) {
			const label = provisionLines(first);
			const provisionH = 2 * PAD + this.#text.height(label);
			const avail = this.#g.bottom - this.#y;
			const take: Row[] = [];
			let acc = 0;
			for (const r of queue) {
				if (Math.max(provisionH, acc + r.height) > avail) break;
				take.push(r);
				acc += r.height;
			}
			if (take.length === 0) {
				if (!this.#atPageTop()) {
					this.#newPage();
					continue;
				}
				const [head, rest] = this.#splitRow(queue[0], avail);
				queue[0] = rest;
				take.push(head);
				acc = head.height;
			} else queue.splice(0, take.length);
			const groupH = Math.min(avail, Math.max(provisionH, acc));
			this.#drawSegment(label, take, groupH);
			this.#y += groupH;
			first = false;
			if (queue.length > 0) this.#newPage();
		}
	}

	/** One provision's rows on one page: a table row per body row, the provision cell in the first. */
	#drawSegment(provision: Line[], rows: Row[], groupH: number): void {
		const tags = this.#tags;
		const y0 = this.#y;
		let y = y0;
		const last = this.#widths.length - 1;
		rows.forEach((row, i) => {
			const h = i === rows.length - 1 ? y0 + groupH - y : row.height;
			const tr = tags.group(this.#tbody, 'TR');
			if (i === 0) tags.tag(tr, 'TD', () => this.#drawLinesWithin(provision, this.#xs[0] + PAD, y0 + PAD, groupH - 2 * PAD));
			if (row.note) {
				const note = row.note;
				tags.tag(tr, 'TD', () => this.#text.draw(note, this.#xs[1] + PAD, y + PAD, this.#g.size));
				tags.artifact('Layout', () =>
					this.#doc.lineWidth(0.5).strokeColor(LINE).rect(this.#xs[1], y, this.#xs[last] - this.#xs[1], h).stroke().rect(this.#xs[last], y, this.#widths[last], h).stroke()
				);
			} else {
				row.columns.forEach((blocks, c) => tags.tag(tr, 'TD', () => this.#drawBlocks(blocks, this.#xs[c + 1] + PAD, y + PAD, this.#widths[c + 1] - 2 * PAD, h - 2 * PAD)));
				// The body label heads its row.
				tags.tag(tr, 'TH', () => this.#text.draw(row.label, this.#xs[last] + PAD, y + PAD, this.#g.size, { align: 'center', width: this.#g.bodyW - 2 * PAD }));
				this.#strokeRow(y, h, i === 0);
			}
			tr.end();
			y += h;
		});
		tags.artifact('Layout', () => this.#doc.lineWidth(0.5).strokeColor(LINE).rect(MARGIN_X, y0, this.#g.provisionW, groupH).stroke());
	}

	/** Prints the lines that fit in `maxH` (only a provision wording taller than a page can have more). */
	#drawLinesWithin(lines: Line[], x: number, y: number, maxH: number): void {
		let used = 0;
		let n = 0;
		while (n < lines.length && used + lines[n].height <= maxH + 0.01) used += lines[n++].height;
		this.#text.draw(lines.slice(0, Math.max(1, n)), x, y, this.#g.size);
	}

	#drawBlocks(blocks: Block[], x: number, y: number, width: number, maxH: number): void {
		let top = y;
		for (const b of blocks) {
			if (top >= y + maxH) break;
			if (b.lead) this.#text.draw(b.lines, x, top, this.#g.size);
			else {
				// The bullet sits on the first line's baseline, which a Burmese or Thai line sets lower.
				if (!b.cont && b.lines[0]) this.#text.draw(this.#lines(BULLET, this.#g.bulletW).map((l) => ({ ...l, ascent: b.lines[0].ascent })), x, top, this.#g.size);
				this.#text.draw(b.lines, x + this.#g.bulletW, top, this.#g.size);
			}
			top += b.height;
		}
	}

	#strokeRow(y: number, h: number, firstOfGroup: boolean): void {
		this.#tags.artifact('Layout', () => {
			const doc = this.#doc.lineWidth(0.5).strokeColor(LINE);
			for (let c = 1; c < this.#widths.length; c++) doc.rect(this.#xs[c], y, this.#widths[c], h).stroke();
			if (firstOfGroup) doc.moveTo(MARGIN_X, y).lineTo(MARGIN_X + this.#g.contentW, y).stroke();
		});
	}

	/** The header row: the table's header cells on the first page (`row`), a pagination artifact where it repeats. */
	#drawHeaderRow(row?: PDFKit.PDFStructureElement): void {
		const h = this.#headerH;
		this.#header.forEach((lines, i) => {
			this.#fillRect(this.#xs[i], this.#y, this.#widths[i], h, HEAD_FILL);
			const th = this.#text.height(lines);
			const draw = () => this.#text.draw(lines, this.#xs[i] + PAD, this.#y + (h - th) / 2, this.#g.size, { align: 'center', width: this.#widths[i] - 2 * PAD });
			if (row) this.#tags.tag(row, 'TH', draw);
			else this.#tags.artifact('Pagination', draw);
		});
		row?.end();
		this.#y += h;
	}

	#fillRect(x: number, y: number, w: number, h: number, color: string): void {
		this.#tags.artifact('Layout', () => {
			this.#doc.save().rect(x, y, w, h).fill(color).restore();
			this.#doc.lineWidth(0.5).strokeColor(LINE).rect(x, y, w, h).stroke();
		});
	}

	#pageTop = 0;
	#atPageTop(): boolean {
		return this.#pageTop > 0 && this.#y <= this.#pageTop + 0.01;
	}

	#newPage(withHeaderRow = true): void {
		this.#doc.addPage();
		this.#y = TOP;
		if (withHeaderRow) this.#drawHeaderRow();
		this.#pageTop = this.#y;
	}

	/** Page header and footer on every page, once the page count is known. */
	#pageFurniture(): void {
		const doc = this.#doc;
		const text = this.#text;
		const { start, count } = doc.bufferedPageRange();
		const titleLines = this.#lines(this.#model.board.title, this.#g.contentW * 0.65 - 10, { color: MUTED }, 7);
		// One line: a longer title is shortened with "…".
		const title = titleLines.length > 1 ? this.#lines(`${titleLines[0].pieces.map((p) => p.actual ?? p.text).join('').trimEnd()}…`, this.#g.contentW * 0.65, { color: MUTED }, 7).slice(0, 1) : titleLines;
		const date = this.#lines(dateLine(this.#model), this.#g.contentW * 0.35, { color: MUTED }, 7);
		for (let i = start; i < start + count; i++) {
			doc.switchToPage(i);
			this.#tags.artifact('Pagination', () => {
				text.draw(title, MARGIN_X, 22, 7);
				const dw = Math.max(...date.map((l) => l.width));
				text.draw(date, MARGIN_X + this.#g.contentW - dw, 22, 7);
				text.draw(this.#lines(`Page ${i - start + 1} of ${count}`, this.#g.contentW, {}, 8), MARGIN_X, this.#g.pageH - 26, 8, { align: 'center', width: this.#g.contentW });
			});
		}
	}
}
