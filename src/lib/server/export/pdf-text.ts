import { COMPLEX_SCRIPT, fontFiles, fontName, MYANMAR_FEATURES, myanmarVisualOrder, scriptRuns, type Script, type Weight } from './pdf-fonts';

/** A stretch of text in one style, as the matrix gives it to the PDF. */
export interface Span {
	text: string;
	bold?: boolean;
	color?: string;
}

/** A part of a line printed with one font and colour. */
export interface Piece {
	text: string;
	font: string;
	color: string;
	width: number;
	/** The logical text, when the glyphs printed do not map back to it one by one (the complex scripts). */
	actual?: string;
	features?: string[];
}

/** One laid-out line; `ascent` is its baseline below the line's top. */
export interface Line {
	pieces: Piece[];
	width: number;
	height: number;
	ascent: number;
}

/** pdfkit's current font: the metrics are not in its typings. */
interface PdfFontMetrics {
	ascender: number;
	lineHeight(size: number, includeGap?: boolean): number;
}
type Pdf = PDFKit.PDFDocument;
const currentFont = (doc: Pdf) => (doc as unknown as { _font: PdfFontMetrics })._font;

const LINE_GAP = 0.5;
const DEFAULT_COLOR = '#1b2430';
const segmenters = { word: new Intl.Segmenter(undefined, { granularity: 'word' }), grapheme: new Intl.Segmenter(undefined, { granularity: 'grapheme' }) };

/** Characters pdfkit must not be given (control characters besides the line break), and one Unicode form (NFC) so the fonts' precomposed glyphs are used. */
export function printable(text: string): string {
	return text.normalize('NFC').replace(/[\0-\x09\x0b-\x1f\x7f]/g, ' ');
}

interface Token {
	pieces: Piece[];
	width: number;
	space: boolean;
}

/**
 * Lays out and prints text in every ASEAN script with pdfkit: it wraps lines
 * itself (pdfkit's wrapper knows one font per call and breaks only at
 * spaces, while Thai, Lao, Khmer and Burmese are written without spaces
 * between words; ICU's dictionary word breaks are used there), picks the
 * font of each run's script and aligns the runs of a line on one baseline.
 * Laid-out lines are plain data, so a long entry can be split between lines
 * across pages.
 */
export class PdfText {
	#doc: Pdf;
	#metrics = new Map<string, { ascent: number; lineHeight: number }>();
	#widths = new Map<string, number>();

	constructor(doc: Pdf) {
		this.#doc = doc;
		for (const { name, data } of fontFiles()) {
			doc.registerFont(name, data);
			doc.font(name);
			const f = currentFont(doc);
			this.#metrics.set(name, { ascent: f.ascender / 1000, lineHeight: f.lineHeight(1, true) });
		}
	}

	/** `spans` wrapped to `width` at font size `size`; a line break in the text starts a new line. */
	lines(spans: readonly Span[], width: number, size: number): Line[] {
		const lines: Line[] = [];
		let line: Token[] = [];
		let used = 0;
		const flush = () => {
			// A space where the line breaks takes no room but stays in the text, so copied text and
			// screen readers keep the word break ("to educate", not "toeducate").
			for (let i = line.length - 1; i >= 0 && line[i].space; i--) {
				used -= line[i].width;
				line[i] = { ...line[i], width: 0, pieces: line[i].pieces.map((p) => ({ ...p, width: 0 })) };
			}
			lines.push(this.#line(line, used, size));
			line = [];
			used = 0;
		};
		for (const span of spans) {
			span.text.split('\n').forEach((paragraph, p) => {
				if (p > 0) flush();
				for (const token of this.#tokens(paragraph, span, size)) {
					if (token.space && line.length === 0) continue;
					if (used + token.width <= width || token.space) {
						line.push(token);
						used += token.width;
						continue;
					}
					if (line.length > 0) flush();
					if (token.width <= width) {
						line.push(token);
						used = token.width;
						continue;
					}
					// A word wider than the column (a long URL, a Thai phrase ICU cannot split): cut between characters.
					for (const part of this.#cut(token, span, width, size)) {
						if (line.length > 0) flush();
						line.push(part);
						used = part.width;
					}
				}
			});
		}
		flush();
		return lines;
	}

	/** The height of `lines` printed one under another. */
	height(lines: readonly Line[]): number {
		return lines.reduce((h, l) => h + l.height, 0);
	}

	/** Prints `lines` from the top-left corner (`align: center` centres each in `width`); returns the height used. */
	draw(lines: readonly Line[], x: number, y: number, size: number, opts: { align?: 'left' | 'center'; width?: number } = {}): number {
		const doc = this.#doc;
		let top = y;
		for (const line of lines) {
			let left = opts.align === 'center' && opts.width ? x + (opts.width - line.width) / 2 : x;
			for (const piece of line.pieces) {
				if (piece.actual) doc.markContent('Span', { actual: piece.actual });
				doc.font(piece.font).fontSize(size);
				this.#fill(piece.color);
				const baseline = top + line.ascent - this.#metrics.get(piece.font)!.ascent * size;
				doc.text(piece.text, left, baseline, { lineBreak: false, features: piece.features as PDFKit.Mixins.OpenTypeFeatures[] | undefined });
				if (piece.actual) doc.endMarkedContent();
				left += piece.width;
			}
			top += line.height;
		}
		return top - y;
	}

	#filled: { page: unknown; color: string } | undefined;
	/** Sets the fill colour unless the page already has it: each call would add an operator to the page. */
	#fill(color: string): void {
		const page = this.#doc.page;
		if (this.#filled?.page === page && this.#filled.color === color) return;
		this.#doc.fillColor(color);
		this.#filled = { page, color };
	}

	#line(tokens: readonly Token[], width: number, size: number): Line {
		const pieces: Piece[] = [];
		for (const t of tokens) {
			for (const p of t.pieces) {
				const last = pieces.at(-1);
				if (last && last.font === p.font && last.color === p.color && !last.actual && !p.actual) {
					last.text += p.text;
					last.width += p.width;
				} else pieces.push({ ...p });
			}
		}
		const fonts = pieces.length > 0 ? pieces.map((p) => this.#metrics.get(p.font)!) : [this.#metrics.get(fontName('latin', 'regular'))!];
		return {
			pieces,
			width,
			height: Math.max(...fonts.map((m) => m.lineHeight)) * size + LINE_GAP,
			ascent: Math.max(...fonts.map((m) => m.ascent)) * size
		};
	}

	#tokens(paragraph: string, span: Span, size: number): Token[] {
		const words = COMPLEX_SCRIPT.test(paragraph)
			? [...segmenters.word.segment(paragraph)].map((s) => s.segment)
			: paragraph.split(/(\s+)/).filter(Boolean);
		// Split "word " as [word, " "], so a line never ends on a space it has to measure.
		return words.flatMap((w) => w.split(/(\s+)/).filter(Boolean)).map((w) => this.#token(w, span, size));
	}

	#token(text: string, span: Span, size: number): Token {
		const weight: Weight = span.bold ? 'bold' : 'regular';
		const pieces = scriptRuns(text).map((run) => this.#piece(run.script, weight, run.text, span.color ?? DEFAULT_COLOR, size));
		return { pieces, width: pieces.reduce((w, p) => w + p.width, 0), space: /^\s+$/.test(text) };
	}

	#piece(script: Script, weight: Weight, text: string, color: string, size: number): Piece {
		const font = fontName(script, weight);
		if (script === 'myanmar') {
			const visual = myanmarVisualOrder(text);
			return { text: visual, font, color, width: this.#width(font, visual, size, MYANMAR_FEATURES), actual: text, features: MYANMAR_FEATURES };
		}
		// Shaping reorders (Khmer pre-base vowels) and decomposes (Thai and Lao SARA AM) glyphs, which a
		// per-glyph ToUnicode map cannot say: the run carries the typed text as its ActualText.
		const actual = script === 'latin' ? undefined : text;
		return { text, font, color, width: this.#width(font, text, size), actual };
	}

	#width(font: string, text: string, size: number, features?: string[]): number {
		const key = `${font}\u0000${size}\u0000${text}`;
		let w = this.#widths.get(key);
		if (w === undefined) {
			this.#doc.font(font).fontSize(size);
			w = this.#doc.widthOfString(text, { features: features as PDFKit.Mixins.OpenTypeFeatures[] | undefined });
			this.#widths.set(key, w);
		}
		return w;
	}

	#cut(token: Token, span: Span, width: number, size: number): Token[] {
		const text = token.pieces.map((p) => p.actual ?? p.text).join('');
		const parts: Token[] = [];
		let current = '';
		for (const { segment } of segmenters.grapheme.segment(text)) {
			const next = this.#token(current + segment, span, size);
			if (current && next.width > width) {
				parts.push(this.#token(current, span, size));
				current = segment;
			} else current += segment;
		}
		if (current) parts.push(this.#token(current, span, size));
		return parts;
	}
}
