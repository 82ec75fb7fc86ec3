import { z } from 'zod';
import type { RowPlan } from '../board/comment-matrix';

/**
 * What the export dialog, `/api/boards/<id>/export`, the comment-resolution
 * matrix and the CLI agree on: the formats, the query and the publication
 * options.
 */

/** The formats a board exports to, in the order the export dialog offers them. */
export const EXPORT_FORMATS = ['xlsx', 'docx', 'pdf', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
	return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** How the export dialog names each format. */
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, { label: string; hint: string }> = {
	xlsx: { label: 'Excel (.xlsx)', hint: 'the matrix layout, plus a filterable sheet of entries' },
	docx: { label: 'Word (.docx)', hint: 'the matrix as a landscape document' },
	pdf: { label: 'PDF', hint: 'print-ready, landscape A4' },
	csv: { label: 'CSV', hint: 'one row per entry' },
	json: { label: 'JSON', hint: 'the whole board; re-importable' }
};

/** The formats the publication options and the progress layer shape (CSV and JSON are data). */
export function isDocumentFormat(format: ExportFormat): boolean {
	return format === 'xlsx' || format === 'docx' || format === 'pdf';
}

/**
 * GET `/api/boards/<id>/export?format=…[&version=<label>][&comments=1][&progress=<period id>]`
 * and the publication options' own parameters (`publicationFromParams`).
 */
export const ExportQuery = z.object({
	format: z.enum(EXPORT_FORMATS, { error: (issue) => `Unknown export format “${issue.input ?? ''}”. Use one of ${EXPORT_FORMATS.join(', ')}.` }),
	version: z.string().optional(),
	comments: z.string().optional(),
	progress: z.coerce.number().int().positive('`progress` names a reporting period by its id.').optional()
});

/** What the browser asks an export for. */
export interface ExportRequest {
	format: ExportFormat;
	/** A named version's label; the current state when absent. */
	version?: string;
	/** Word only: the discussion as an annex after the table. */
	comments?: boolean;
	/** Document formats only. */
	publication?: PublicationOptions;
	/** Document formats only: each agreed activity's reported progress in this reporting period (its id). */
	progress?: number;
}

/** The query string of an export request, as `ExportQuery` and `publicationFromParams` read it. */
export function exportParams(request: ExportRequest): URLSearchParams {
	const params = new URLSearchParams({ format: request.format });
	if (request.version) params.set('version', request.version);
	if (request.format === 'docx' && request.comments) params.set('comments', '1');
	if (request.publication && isDocumentFormat(request.format)) for (const [key, value] of Object.entries(publicationParams(request.publication))) params.set(key, value);
	if (request.progress !== undefined && isDocumentFormat(request.format)) params.set('progress', String(request.progress));
	return params;
}

/** GET `/api/boards/<id>/export/versions`: the named versions the export dialog offers, newest first. */
export interface ExportVersions {
	versions: { label: string }[];
}

/** GET `/api/boards/<id>/comment-matrix?format=xlsx|docx`. */
export const CommentMatrixQuery = z.object({ format: z.enum(['xlsx', 'docx'], { error: 'Use format=xlsx or format=docx.' }) });

/** POST `/api/boards/<id>/comment-matrix?body=<code>&apply=0|1` with the filled .xlsx as the body. */
export const CommentMatrixImportQuery = z.object({
	body: z.string({ error: 'Say for which body: ?body=<code>.' }).min(1).max(32),
	apply: z.enum(['0', '1']).default('0')
});

/** What each row of an imported matrix becomes (the preview), and what applying it made. */
export interface CommentMatrixImport {
	plans: RowPlan[];
	created: { suggestions: number; comments: number };
}

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
