import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Script } from './scripts';

export { COMPLEX_SCRIPT, scriptRuns, type Script } from './scripts';

/**
 * The PDF's fonts and which one prints each character. The PDF's own fonts
 * only encode Windows-1252, so every font is embedded (as a subset of the
 * glyphs used): DejaVu Sans Condensed (about Helvetica's width) for Latin
 * with every Vietnamese diacritic, Greek and Cyrillic, and Noto Sans for the
 * scripts it lacks or covers poorly: Thai, Lao, Khmer and Burmese. A text is
 * printed in runs, each in the font of its script.
 */

export type Weight = 'regular' | 'bold';

/** The name a font is registered under in the PDF document. */
export const fontName = (script: Script, weight: Weight) => `pb-${script}-${weight}`;

const require = createRequire(import.meta.url);
const dejavu = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}.ttf`);
// Fontsource ships each script as its own subset file (WOFF, which fontkit reads); the files keep the GSUB/GPOS tables shaping needs.
const noto = (script: string, weight: 400 | 700) =>
	require.resolve(`@fontsource/noto-sans-${script}/files/noto-sans-${script}-${script}-${weight}-normal.woff`);

const FONT_FILES: Record<Script, Record<Weight, string>> = {
	latin: { regular: dejavu('DejaVuSansCondensed'), bold: dejavu('DejaVuSansCondensed-Bold') },
	thai: { regular: noto('thai', 400), bold: noto('thai', 700) },
	lao: { regular: noto('lao', 400), bold: noto('lao', 700) },
	khmer: { regular: noto('khmer', 400), bold: noto('khmer', 700) },
	myanmar: { regular: noto('myanmar', 400), bold: noto('myanmar', 700) }
};

let loaded: { name: string; data: Buffer }[] | undefined;
/** Every font file, read once per process. */
export function fontFiles(): { name: string; data: Buffer }[] {
	loaded ??= (Object.entries(FONT_FILES) as [Script, Record<Weight, string>][]).flatMap(([script, files]) =>
		(Object.entries(files) as [Weight, string][]).map(([weight, file]) => ({ name: fontName(script, weight), data: readFileSync(file) }))
	);
	return loaded;
}

/**
 * OpenType features the Burmese font needs beyond fontkit's defaults: fontkit
 * has no Myanmar shaper, so the Myanmar shaper's features are asked for by
 * name (their lookups are contextual, so applying them to the whole run is safe).
 */
export const MYANMAR_FEATURES = ['rphf', 'pref', 'blwf', 'pstf', 'pres', 'abvs', 'blws', 'psts', 'abvm', 'blwm', 'dist'];

const isMyanmarConsonant = (c: number) =>
	(c >= 0x1000 && c <= 0x102a) || c === 0x103f || (c >= 0x1050 && c <= 0x1055) || (c >= 0x105a && c <= 0x105d) || c === 0x1061 ||
	c === 0x1065 || c === 0x1066 || (c >= 0x106e && c <= 0x1070) || (c >= 0x1075 && c <= 0x1081) || c === 0x108e ||
	(c >= 0xaa60 && c <= 0xaa76) || (c >= 0xa9e0 && c <= 0xa9e4) || (c >= 0xa9e7 && c <= 0xa9ef) || (c >= 0xa9fa && c <= 0xa9fe);
const VOWEL_E = 0x1031;
const MEDIAL_RA = 0x103c;
const ASAT = 0x103a;
const STACKER = 0x1039;

/**
 * Burmese in the glyph order the font expects, which the Myanmar shaper of
 * HarfBuzz or Uniscribe would produce: per syllable, the vowel sign E (ေ)
 * first, then the medial RA (ြ), then the base consonant, then a kinzi
 * (င်္, written before the base) and the rest. The printed run carries the
 * logical text as its ActualText, so copying and searching give what was typed.
 */
export function myanmarVisualOrder(text: string): string {
	const cps = [...text].map((c) => c.codePointAt(0)!);
	const out: number[] = [];
	let i = 0;
	while (i < cps.length) {
		let j = i;
		let kinzi: number[] = [];
		if (cps[j] === 0x1004 && cps[j + 1] === ASAT && cps[j + 2] === STACKER && isMyanmarConsonant(cps[j + 3])) {
			kinzi = cps.slice(j, j + 3);
			j += 3;
		}
		if (!isMyanmarConsonant(cps[j])) {
			out.push(...kinzi, ...(j < cps.length ? [cps[j]] : []));
			i = j + 1;
			continue;
		}
		const base = cps[j++];
		const rest: number[] = [];
		// The syllable runs to the next consonant that is not stacked under this one.
		while (j < cps.length && !(isMyanmarConsonant(cps[j]) && cps[j - 1] !== STACKER)) rest.push(cps[j++]);
		out.push(
			...rest.filter((c) => c === VOWEL_E),
			...rest.filter((c) => c === MEDIAL_RA),
			base,
			...kinzi,
			...rest.filter((c) => c !== VOWEL_E && c !== MEDIAL_RA)
		);
		i = j;
	}
	return String.fromCodePoint(...out);
}
