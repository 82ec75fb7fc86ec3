import type { Seeds } from '../boards/seeds';

/** The APA section a board's provisions belong to, and how to recognise a board built on it. */
export interface SourceSection {
	/** "IV. Action Plans": printed above the first part, as in the 2016 matrix. */
	heading: string;
	/** The section's parts, in order: a board with exactly these parts is that section. */
	parts: { id: string; title: string }[];
}

/** The section of the APA provisions in the seeds (`apa-provisions.json` → `section`). */
export function apaSection(seeds: Seeds): SourceSection {
	const { number, title } = seeds.provisions.section;
	return { heading: `${number}. ${title}`, parts: seeds.provisions.parts.map((p) => ({ id: p.part, title: p.title })) };
}

/**
 * The section heading for a board with these parts: the seeded APA board and
 * boards made or imported on its structure get "IV. Action Plans"; a board
 * whose parts differ (renamed, added) gets none.
 */
export function sectionHeading(section: SourceSection | undefined, parts: readonly { id: string; title: string }[]): string | null {
	if (!section || section.parts.length !== parts.length) return null;
	return section.parts.every((p, i) => p.id === parts[i].id && p.title === parts[i].title) ? section.heading : null;
}
