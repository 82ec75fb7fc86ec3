import JSZip from 'jszip';

/**
 * Reads OOXML parts (xlsx, docx) straight from the zip and the XML text,
 * without the libraries that wrote them: an independent check of what a
 * reader gets.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML text with its entities and character references decoded. */
export function unescapeXml(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m)
	);
}

/** The text of one part of an OOXML package, or null when it has none. */
export async function zipPart(bytes: Uint8Array, path: string): Promise<string | null> {
	const zip = await JSZip.loadAsync(bytes);
	return (await zip.file(path)?.async('string')) ?? null;
}

/** The text inside every `<tag>` element of `xml` (`w:t`, `t`), joined. */
export function textOf(xml: string, tag: string): string {
	const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'g');
	return [...xml.matchAll(re)].map((m) => unescapeXml(m[1])).join('');
}

export interface SheetRow {
	r: number;
	/** Row height in points, when set. */
	height: number | null;
	/** Cell values by column letter ("A", "F"). */
	cells: Record<string, string>;
}

/** The rows of a worksheet (by its name in workbook.xml), shared strings resolved. */
export async function sheetRows(bytes: Uint8Array, name: string): Promise<SheetRow[]> {
	const zip = await JSZip.loadAsync(bytes);
	const workbook = await zip.file('xl/workbook.xml')!.async('string');
	const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
	const sheet = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(workbook);
	if (!sheet) throw new Error(`no sheet ${name}`);
	const target = new RegExp(`<Relationship [^>]*Id="${sheet[1]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${sheet[1]}"`).exec(rels)![1];
	const xml = await zip.file(`xl/${target.replace(/^\/?xl\//, '')}`)!.async('string');
	const sharedXml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
	const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1], 't'));
	return [...xml.matchAll(/<row ([^>]*)>([\s\S]*?)<\/row>/g)].map((m) => {
		const attrs = m[1];
		const cells: Record<string, string> = {};
		for (const c of m[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const body = c[3] ?? '';
			const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
			if (/t="s"/.test(c[2]) && v !== undefined) cells[c[1]] = shared[Number(v)];
			else if (/t="inlineStr"/.test(c[2])) cells[c[1]] = textOf(body, 't');
			else if (v !== undefined) cells[c[1]] = unescapeXml(v);
		}
		const ht = /ht="([\d.]+)"/.exec(attrs)?.[1];
		return { r: Number(/r="(\d+)"/.exec(attrs)![1]), height: ht ? Number(ht) : null, cells };
	});
}
