const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m)
	);
}

/** The text of a Word paragraph's XML: its `w:t` runs, `w:br` as a line break, `w:tab` as a tab. */
export function paragraphText(paragraphXml: string): string {
	let out = '';
	for (const m of paragraphXml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\s*\/>|<w:tab\s*\/>|<w:t\/>/g)) {
		if (m[0].startsWith('<w:br')) out += '\n';
		else if (m[0].startsWith('<w:tab')) out += '\t';
		else out += unescapeXml(m[1] ?? '');
	}
	return out;
}
