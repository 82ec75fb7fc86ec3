import { isFootnoteMark } from '../export/layout';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m)
	);
}

/** A run (`w:r`, never reaching into the next one) set superscript. */
const SUPERSCRIPT_RUN = /<w:r(?:\s[^>]*)?>(?:(?!<\/w:r>)[\s\S])*?<w:vertAlign w:val="superscript"\/>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g;

/** The text of Word XML: its `w:t` runs, `w:br` as a line break, `w:tab` as a tab. */
function textOf(xml: string): string {
	let out = '';
	for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\s*\/>|<w:tab\s*\/>|<w:t\/>/g)) {
		if (m[0].startsWith('<w:br')) out += '\n';
		else if (m[0].startsWith('<w:tab')) out += '\t';
		else out += unescapeXml(m[1] ?? '');
	}
	return out;
}

/**
 * The text of a Word paragraph's XML, without the superscript footnote marks
 * our export puts after a reserved entry ("[1]"), so the entry reads back as written.
 */
export function paragraphText(paragraphXml: string): string {
	return textOf(paragraphXml.replace(SUPERSCRIPT_RUN, (run) => (isFootnoteMark(textOf(run)) ? '' : run)));
}
