/**
 * Publication options of the document exports (xlsx, docx, pdf), shared by
 * the export dialog, the HTTP endpoint and the CLI. CSV and JSON are data and
 * ignore them.
 */
export interface PublicationOptions {
	/** A provision without entries: an empty row (the gap shows), left out, or a row saying "No activities proposed". */
	emptyProvisions: 'row' | 'omit' | 'note';
	/** A legend of the body acronyms after the table (a sheet of its own in xlsx). */
	legend: boolean;
	/** Paper size; null for each format's usual one (A4 for Word and PDF, A3 for the Excel matrix). */
	paper: 'A4' | 'A3' | null;
	/** Larger type, for projecting the document in a meeting room. */
	large: boolean;
}

export const DEFAULT_PUBLICATION: PublicationOptions = { emptyProvisions: 'row', legend: true, paper: null, large: false };

/** What the "No activities proposed" option prints in place of an empty provision's cells. */
export const NO_ACTIVITIES = 'No activities proposed';

const EMPTY_CHOICES = ['row', 'omit', 'note'] as const;

/**
 * Options from query parameters (`empty=row|omit|note`, `legend=0`,
 * `paper=A3`, `large=1`); a missing or unknown value keeps the default.
 */
export function publicationFromParams(params: URLSearchParams): PublicationOptions {
	const empty = params.get('empty');
	const paper = params.get('paper')?.toUpperCase();
	return {
		emptyProvisions: (EMPTY_CHOICES as readonly string[]).includes(empty ?? '') ? (empty as PublicationOptions['emptyProvisions']) : DEFAULT_PUBLICATION.emptyProvisions,
		legend: params.get('legend') !== '0',
		paper: paper === 'A3' || paper === 'A4' ? paper : null,
		large: params.get('large') === '1'
	};
}

/** The query parameters that differ from the defaults (the dialog's download link). */
export function publicationParams(options: PublicationOptions): Record<string, string> {
	const out: Record<string, string> = {};
	if (options.emptyProvisions !== DEFAULT_PUBLICATION.emptyProvisions) out.empty = options.emptyProvisions;
	if (!options.legend) out.legend = '0';
	if (options.paper) out.paper = options.paper;
	if (options.large) out.large = '1';
	return out;
}
