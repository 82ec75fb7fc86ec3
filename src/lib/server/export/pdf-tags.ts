type Pdf = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;

/**
 * The structure tree of a tagged PDF (PDF/UA style): every piece of content
 * is either marked as the content of a structure element (a heading, a table
 * cell…) or as an artifact (borders, fills, repeated header rows, page
 * headers and footers), so screen readers read the matrix as a table.
 */
export class PdfTags {
	#doc: Pdf;
	readonly root: Element;

	constructor(doc: Pdf) {
		this.#doc = doc;
		this.root = doc.struct('Document');
		doc.addStructure(this.root);
	}

	/** A structure element of `type` under `parent`, for children added later; end it when done. */
	group(parent: Element, type: string): Element {
		const el = this.#doc.struct(type);
		parent.add(el);
		return el;
	}

	/** Content drawn by `draw`, as a new element of `type` under `parent` (ended). */
	tag(parent: Element, type: string, draw: () => void): Element {
		const el = this.group(parent, type);
		this.mark(el, type, draw);
		el.end();
		return el;
	}

	/** Content drawn by `draw`, added to the open element `el` (a cell continued on the next page adds to the same element). */
	mark(el: Element, type: string, draw: () => void): void {
		const content = this.#doc.markStructureContent(type);
		draw();
		this.#doc.endMarkedContent();
		el.add(content);
	}

	/** Drawing that is not content (`Layout`: rules and fills; `Pagination`: page headers, footers, repeated header rows). */
	artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
		this.#doc.markContent('Artifact', { type });
		draw();
		this.#doc.endMarkedContent();
	}
}
