import type { BoardView, EntryView } from './view';

/**
 * Plain words for an "uncertain" entry: the seed notes are written for the
 * transcriber ("Row has 5 fields (line 10): …"); a delegate needs to know what
 * is in doubt and where to look in the 2016 matrix.
 */
export interface UncertainExplanation {
	/** What is in doubt, in a sentence without transcription terms. */
	plain: string;
	/** Where the entry sits in the 2016 matrix ("Line 10", "Lines 37–60"), when the note says. */
	source: string | null;
	/** The same as numbers (of the transcribed source text, `seeds/sources/`), to show the original. */
	lines: { from: number; to: number } | null;
}

const REASONS: [RegExp, string][] = [
	[/^Provision guessed|empty provision field/i, 'Which provision (row) this activity belongs to is a guess: the 2016 table left the provision blank beside it.'],
	[/columns? (was|were) lost|fields? but the body label/i, 'Which category (column) this activity is in was judged from its wording: the 2016 table lost some empty columns on this row.'],
	[/bullet glyphs/i, 'The 2016 table ran several activities together here; where one ends and the next begins was judged.'],
	[/^Body label|body label of this row/i, 'The name of the body was hard to read in the 2016 table, or does not match the activity.'],
	[/^One cell (spread|split)|runs over lines/i, 'The text was spread over several rows of the 2016 table and has been joined into one activity.'],
	[/^Kept as (one|an) entry/i, 'Whether this is one activity or a remark was judged while copying the 2016 table.']
];
const FALLBACK = 'Its place in the 2016 table could not be read with certainty.';

/** Explains an uncertain entry's note in plain words (a missing note gets the general sentence). */
export function explainUncertain(note: string | undefined): UncertainExplanation {
	const text = note ?? '';
	const plain = REASONS.find(([pattern]) => pattern.test(text))?.[1] ?? FALLBACK;
	const lines = /\blines? (\d+)(?:\s*[-–]\s*(\d+))?/i.exec(text);
	const source = lines ? (lines[2] ? `Lines ${lines[1]}–${lines[2]}` : `Line ${lines[1]}`) : null;
	return { plain, source, lines: lines ? { from: Number(lines[1]), to: Number(lines[2] ?? lines[1]) } : null };
}

/** A line of the transcribed 2016 matrix, as `/api/sources/matrix-2016` answers it. */
export interface SourceLine {
	/** 1-based, as the seed notes count. */
	n: number;
	/** The line's tab-separated fields, trimmed (meant as Provision, the four categories, the body; some lines lost empty ones). */
	fields: string[];
}
export interface SourceLines {
	lines: SourceLine[];
	/** Lines of the asked range left out (a note may cite a long run). */
	more: number;
}

/** A review queue and what it was sorted from, for `reviewQueue` to keep when only texts changed. */
export interface ReviewQueueRun {
	view: Pick<BoardView, 'provisions' | 'categories'>;
	entries: EntryView[];
}

/**
 * The secretariat's review queue: the entries still marked uncertain, in the
 * board's reading order (provision, then category, then body, then order).
 * Given the last queue, it sorts again only when an entry joined, left or
 * moved: a keystroke on a board of 5,000 entries costs one pass, not a sort.
 */
export function reviewQueue(view: Pick<BoardView, 'provisions' | 'categories' | 'entries'>, last?: ReviewQueueRun): ReviewQueueRun {
	const uncertain = view.entries.filter((e) => e.uncertain);
	if (last && last.view.provisions === view.provisions && last.view.categories === view.categories && last.entries.length === uncertain.length) {
		const byId = new Map(uncertain.map((e) => [e.id, e]));
		const entries = last.entries.map((was) => {
			const now = byId.get(was.id);
			return now && now.provision === was.provision && now.category === was.category && now.body === was.body && now.order === was.order ? now : null;
		});
		if (entries.every((e) => e !== null)) return { view, entries: entries.every((e, i) => e === last.entries[i]) ? last.entries : (entries as EntryView[]) };
	}
	return { view, entries: sortedForReview(view, uncertain) };
}

function sortedForReview(view: Pick<BoardView, 'provisions' | 'categories'>, uncertain: EntryView[]): EntryView[] {
	const row = new Map(view.provisions.map((p, i) => [p.id, i]));
	const column = new Map(view.categories.map((c, i) => [c.id, i]));
	const rank = (e: EntryView) => [row.get(e.provision) ?? Infinity, column.get(e.category) ?? Infinity];
	return uncertain.sort((a, b) => {
		const [ra, ca] = rank(a);
		const [rb, cb] = rank(b);
		return ra - rb || ca - cb || a.body.localeCompare(b.body) || a.order - b.order;
	});
}
