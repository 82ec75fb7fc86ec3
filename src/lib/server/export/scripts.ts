/**
 * Which writing system a character belongs to, for choosing fonts: the
 * scripts of the ten ASEAN Member States that need a font of their own
 * (Thai, Lao, Khmer, Burmese); everything else counts as Latin here.
 */
export type Script = 'latin' | 'thai' | 'lao' | 'khmer' | 'myanmar';

/** The script whose font prints `cp`, or null for a character that goes with its neighbours (joiners). */
export function scriptOf(cp: number): Script | null {
	if (cp < 0x0e00) return 'latin';
	if (cp <= 0x0e7f) return 'thai';
	if (cp <= 0x0eff) return 'lao';
	if ((cp >= 0x1000 && cp <= 0x109f) || (cp >= 0xa9e0 && cp <= 0xa9ff) || (cp >= 0xaa60 && cp <= 0xaa7f)) return 'myanmar';
	if ((cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff)) return 'khmer';
	// Zero-width space, non-joiner and joiner belong to the script around them.
	if (cp >= 0x200b && cp <= 0x200d) return null;
	return 'latin';
}

/** Text that needs more than a space-separated word wrap and one font (a quick test before the slower path). */
export const COMPLEX_SCRIPT = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f]/;

/** `text` cut into runs of one script each, in order. */
export function scriptRuns(text: string): { script: Script; text: string }[] {
	const runs: { script: Script; text: string }[] = [];
	for (const ch of text) {
		const script = scriptOf(ch.codePointAt(0)!) ?? runs.at(-1)?.script ?? 'latin';
		const last = runs.at(-1);
		if (last && last.script === script) last.text += ch;
		else runs.push({ script, text: ch });
	}
	return runs;
}


/**
 * The font Word, Excel and LibreOffice are told to use for a run of each
 * complex script: fonts Windows ships (Leelawadee UI covers Thai and Lao).
 * Where one is missing (macOS, Linux) the programs substitute a font with the
 * script's glyphs (Noto Sans Thai, Lao, Khmer, Myanmar on most Linux systems).
 */
export const SCRIPT_FONTS: Readonly<Record<Exclude<Script, 'latin'>, string>> = {
	thai: 'Leelawadee UI',
	lao: 'Leelawadee UI',
	khmer: 'Khmer UI',
	myanmar: 'Myanmar Text'
};

/** The language of each complex script, for Word's complex-script language (`w:lang w:bidi`), which guides font substitution. */
export const SCRIPT_LANGUAGES: Readonly<Record<Exclude<Script, 'latin'>, string>> = {
	thai: 'th-TH',
	lao: 'lo-LA',
	khmer: 'km-KH',
	myanmar: 'my-MM'
};
