import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { dateLine, metadataDate } from './format';
import { BULLET, headerLabels, LEAD_MARK, matrixLayout, type LayoutBodyRow, type LayoutProvision } from './layout';
import type { ExportModel } from './model';

// A4 landscape, in points.
const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN_X = 32;
const TOP = 46;
const BOTTOM = PAGE_H - 40;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const PROVISION_W = 150;
const BODY_W = 60;
const PAD = 3.5;
const SIZE = 7.5;
const GAP = 1.5;
const BULLET_W = 7;
const REGULAR = 'DejaVuSansCondensed';
const BOLD = 'DejaVuSansCondensed-Bold';
const INK = '#1b2430';
const MUTED = '#5b6675';
const LINE = '#7f8a99';
const HEAD_FILL = '#d9e1ee';
const PART_FILL = '#eff2f7';
const LEAD_COLOR = '#1f3a68';

// The PDF's own fonts only encode Windows-1252, which would lose Vietnamese
// and other names; DejaVu Sans Condensed (about Helvetica's width) covers
// Latin with every diacritic, Greek and Cyrillic, and is embedded as a subset
// of the glyphs used. Scripts it lacks (Thai, Khmer, Lao, Burmese…) print as
// empty boxes; the text layer still holds them.
let fonts: Record<typeof REGULAR | typeof BOLD, Buffer> | undefined;
function embeddedFonts() {
	if (!fonts) {
		const require = createRequire(import.meta.url);
		const file = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`));
		fonts = { [REGULAR]: file(REGULAR), [BOLD]: file(BOLD) };
	}
	return fonts;
}

/** Text as PDFKit should lay it out: no control characters besides line breaks. */
function printable(text: string): string {
	return text.replace(/[\0-\x09\x0b-\x1f\x7f]/g, ' ');
}

interface Block {
	lead: boolean;
	text: string;
	height: number;
}
interface Row {
	label: string;
	columns: Block[][];
	height: number;
}

type Pdf = PDFKit.PDFDocument;

/**
 * The matrix as a print-quality PDF drawn with pdfkit: A4 landscape, the
 * header row repeated on every page, the board title and date line in the
 * page header and "Page N of M" in the footer. Rows move to the next page
 * whole; only a body row taller than a page is split, and then between
 * entries, never inside one.
 */
export async function exportPdf(model: ExportModel): Promise<Uint8Array> {
	const when = metadataDate(model);
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margins: { top: 10, bottom: 5, left: MARGIN_X, right: MARGIN_X },
		bufferPages: true,
		autoFirstPage: true,
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
	for (const [name, data] of Object.entries(embeddedFonts())) doc.registerFont(name, data);
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
	#doc: Pdf;
	#model: ExportModel;
	#xs: number[];
	#widths: number[];
	#y = TOP;
	#headerH = 0;

	constructor(doc: Pdf, model: ExportModel) {
		this.#doc = doc;
		this.#model = model;
		const n = model.categories.length;
		const categoryW = (CONTENT_W - PROVISION_W - BODY_W) / Math.max(1, n);
		this.#widths = [PROVISION_W, ...model.categories.map(() => categoryW), BODY_W];
		this.#xs = [];
		let x = MARGIN_X;
		for (const w of this.#widths) {
			this.#xs.push(x);
			x += w;
		}
	}

	render(): void {
		const doc = this.#doc;
		doc.font(BOLD).fontSize(13).fillColor(INK);
		doc.text(printable(this.#model.board.title), MARGIN_X, TOP, { width: CONTENT_W });
		doc.font(REGULAR).fontSize(9).fillColor(MUTED);
		doc.text(printable(dateLine(this.#model)), MARGIN_X, doc.y + 2, { width: CONTENT_W });
		this.#y = doc.y + 8;
		this.#headerH = this.#measureHeader();
		this.#drawHeaderRow();
		for (const part of matrixLayout(this.#model)) {
			const partH = this.#textHeight(part.heading, CONTENT_W - 2 * PAD, BOLD, 9) + 2 * PAD;
			const first = part.provisions[0];
			const firstH = first ? Math.min(this.#rows(first)[0]?.height ?? 0, 80) : 0;
			if (this.#y + partH + firstH > BOTTOM) this.#newPage();
			this.#fillRect(MARGIN_X, this.#y, CONTENT_W, partH, PART_FILL);
			this.#doc.font(BOLD).fontSize(9).fillColor(INK);
			this.#doc.text(printable(part.heading), MARGIN_X + PAD, this.#y + PAD, { width: CONTENT_W - 2 * PAD });
			this.#y += partH;
			for (const p of part.provisions) this.#drawProvision(p);
		}
		this.#pageFurniture();
	}

	#textHeight(text: string, width: number, font = REGULAR, size = SIZE): number {
		this.#doc.font(font).fontSize(size);
		return this.#doc.heightOfString(printable(text), { width, lineGap: 0.5 });
	}

	#rowsCache = new Map<LayoutProvision, Row[]>();
	#rows(p: LayoutProvision): Row[] {
		let rows = this.#rowsCache.get(p);
		if (!rows) {
			rows = p.rows.map((r) => this.#row(r));
			this.#rowsCache.set(p, rows);
		}
		return rows;
	}

	#row(r: LayoutBodyRow): Row {
		const columns = r.cells.map((cell, i) => {
			const w = this.#widths[i + 1] - 2 * PAD;
			const blocks: Block[] = [];
			if (cell.lead) blocks.push({ lead: true, text: LEAD_MARK, height: this.#textHeight(LEAD_MARK, w, BOLD) + GAP });
			for (const e of cell.entries) blocks.push({ lead: false, text: e.text, height: this.#textHeight(e.text, w - BULLET_W) + GAP });
			return blocks;
		});
		return { label: r.label, columns, height: this.#rowHeight(r.label, columns) };
	}

	#rowHeight(label: string, columns: Block[][]): number {
		const labelH = label ? this.#textHeight(label, BODY_W - 2 * PAD, BOLD) : SIZE;
		return 2 * PAD + Math.max(labelH, ...columns.map((blocks) => blocks.reduce((s, b) => s + b.height, 0)));
	}

	/** Splits a row that cannot fit on an empty page into a part that fits in `avail` and the rest. */
	#splitRow(row: Row, avail: number): [Row, Row] {
		const head: Block[][] = [];
		const rest: Block[][] = [];
		for (const blocks of row.columns) {
			let used = 2 * PAD;
			let i = 0;
			while (i < blocks.length && used + blocks[i].height <= avail) used += blocks[i++].height;
			head.push(blocks.slice(0, i));
			rest.push(blocks.slice(i));
		}
		// A single entry taller than a page: it goes on a page of its own and is cut there.
		if (head.every((b) => b.length === 0)) {
			row.columns.forEach((blocks, c) => {
				if (blocks.length > 0) {
					head[c] = [blocks[0]];
					rest[c] = blocks.slice(1);
				}
			});
		}
		return [
			{ label: row.label, columns: head, height: Math.min(avail, this.#rowHeight(row.label, head)) },
			{ label: row.label, columns: rest, height: this.#rowHeight(row.label, rest) }
		];
	}

	#drawProvision(p: LayoutProvision): void {
		const provisionW = PROVISION_W - 2 * PAD;
		const fullText = `${p.provision.letter}. ${p.provision.text}`;
		const contText = `${p.provision.letter}. (continued)`;
		const queue = [...this.#rows(p)];
		let first = true;
		while (queue.length > 0) {
			const provisionH = 2 * PAD + this.#textHeight(first ? fullText : contText, provisionW);
			const avail = BOTTOM - this.#y;
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
			this.#drawSegment(first ? fullText : contText, p.provision.letter, take, groupH);
			this.#y += groupH;
			first = false;
			if (queue.length > 0) this.#newPage();
		}
	}

	#drawSegment(provisionText: string, letter: string, rows: Row[], groupH: number): void {
		const doc = this.#doc;
		const y0 = this.#y;
		// Provision cell: the letter in bold, then the wording.
		doc.font(BOLD).fontSize(SIZE).fillColor(INK);
		const rest = provisionText.slice(letter.length + 1);
		doc.text(`${printable(letter)}.`, this.#xs[0] + PAD, y0 + PAD, { width: PROVISION_W - 2 * PAD, continued: true, lineGap: 0.5 });
		doc.font(REGULAR).text(printable(rest), { width: PROVISION_W - 2 * PAD, lineGap: 0.5, height: groupH - 2 * PAD });
		let y = y0;
		rows.forEach((row, i) => {
			const h = i === rows.length - 1 ? y0 + groupH - y : row.height;
			row.columns.forEach((blocks, c) => this.#drawBlocks(blocks, this.#xs[c + 1] + PAD, y + PAD, this.#widths[c + 1] - 2 * PAD, h - 2 * PAD));
			if (row.label) {
				doc.font(BOLD).fontSize(SIZE).fillColor(INK);
				const last = this.#widths.length - 1;
				doc.text(printable(row.label), this.#xs[last] + PAD, y + PAD, { width: BODY_W - 2 * PAD, align: 'center', lineGap: 0.5 });
			}
			this.#strokeRow(y, h, i === 0);
			y += h;
		});
		doc.lineWidth(0.5).strokeColor(LINE).rect(MARGIN_X, y0, PROVISION_W, groupH).stroke();
	}

	#drawBlocks(blocks: Block[], x: number, y: number, width: number, maxH: number): void {
		const doc = this.#doc;
		let top = y;
		for (const b of blocks) {
			const room = y + maxH - top;
			if (room <= 0) break;
			if (b.lead) {
				doc.font(BOLD).fontSize(SIZE).fillColor(LEAD_COLOR);
				doc.text(LEAD_MARK, x, top, { width, lineGap: 0.5 });
			} else {
				doc.font(REGULAR).fontSize(SIZE).fillColor(INK);
				doc.text(BULLET, x, top, { width: BULLET_W, lineBreak: false });
				doc.text(printable(b.text), x + BULLET_W, top, { width: width - BULLET_W, lineGap: 0.5, height: room, ellipsis: true });
			}
			top += b.height;
		}
	}

	#strokeRow(y: number, h: number, firstOfGroup: boolean): void {
		const doc = this.#doc.lineWidth(0.5).strokeColor(LINE);
		for (let c = 1; c < this.#widths.length; c++) doc.rect(this.#xs[c], y, this.#widths[c], h).stroke();
		if (firstOfGroup) doc.moveTo(MARGIN_X, y).lineTo(MARGIN_X + CONTENT_W, y).stroke();
	}

	#measureHeader(): number {
		return 2 * PAD + Math.max(...headerLabels(this.#model).map((l, i) => this.#textHeight(l, this.#widths[i] - 2 * PAD, BOLD)));
	}

	#drawHeaderRow(): void {
		const doc = this.#doc;
		const h = this.#headerH;
		headerLabels(this.#model).forEach((label, i) => {
			this.#fillRect(this.#xs[i], this.#y, this.#widths[i], h, HEAD_FILL);
			doc.font(BOLD).fontSize(SIZE).fillColor(INK);
			const th = this.#textHeight(label, this.#widths[i] - 2 * PAD, BOLD);
			doc.text(printable(label), this.#xs[i] + PAD, this.#y + (h - th) / 2, { width: this.#widths[i] - 2 * PAD, align: 'center', lineGap: 0.5 });
		});
		this.#y += h;
	}

	#fillRect(x: number, y: number, w: number, h: number, color: string): void {
		this.#doc.save().rect(x, y, w, h).fill(color).restore();
		this.#doc.lineWidth(0.5).strokeColor(LINE).rect(x, y, w, h).stroke();
	}

	#pageTop = 0;
	#atPageTop(): boolean {
		return this.#pageTop > 0 && this.#y <= this.#pageTop + 0.01;
	}

	#newPage(): void {
		this.#doc.addPage();
		this.#y = TOP;
		this.#drawHeaderRow();
		this.#pageTop = this.#y;
	}

	/** Page header and footer on every page, once the page count is known. */
	#pageFurniture(): void {
		const doc = this.#doc;
		const { start, count } = doc.bufferedPageRange();
		const title = printable(this.#model.board.title);
		const date = printable(dateLine(this.#model));
		for (let i = start; i < start + count; i++) {
			doc.switchToPage(i);
			doc.font(REGULAR).fontSize(7).fillColor(MUTED);
			doc.text(title, MARGIN_X, 22, { width: CONTENT_W * 0.65, lineBreak: false, ellipsis: true, height: 9 });
			doc.text(date, MARGIN_X + CONTENT_W * 0.65, 22, { width: CONTENT_W * 0.35, align: 'right', lineBreak: false });
			doc.fontSize(8).fillColor(INK);
			doc.text(`Page ${i - start + 1} of ${count}`, MARGIN_X, PAGE_H - 26, { width: CONTENT_W, align: 'center', lineBreak: false });
		}
	}
}
