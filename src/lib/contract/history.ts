import { z } from 'zod';
import type { TimelineItem } from '../board/discussion';
import type { HistoryRow } from '../board/history';
import type { StructureRow } from '../board/structure-history';

/** `/api/boards/<id>/history` and `/activity`: a cell's history, the board's activity, restores. */

const NAME_A_CELL = 'Name a cell as cell=<provision>|<category>.';

/** GET `/history?cell=<provision|category>[&user=<id>][&body=<code>]`. */
export const CellHistoryQuery = z.object({
	cell: z.string({ error: NAME_A_CELL }).regex(/^[^|]{1,100}\|[^|]{1,100}$/, NAME_A_CELL),
	user: z.coerce.number({ error: 'user must be a user id.' }).int('user must be a user id.').optional(),
	body: z.string().optional()
});

/** GET `/activity?since=<ms>` or `?version=<label>`. */
export const ActivityQuery = z.union([z.object({ version: z.string().min(1) }), z.object({ since: z.coerce.number().finite() })], {
	error: 'Give since=<ms since 1970> or version=<label>.'
});
/** What the activity feed can be asked for: changes after a time, or after a version was saved. */
export type ActivitySince = { since: number } | { version: string };

/** POST `/history/restore`: the cell (or the row's entry) as it was after or before that history row. */
export const RestoreInput = z.object(
	{
		cell: z.string().max(201),
		row: z.number().int(),
		scope: z.enum(['entry', 'cell']),
		at: z.enum(['after', 'before'])
	},
	{ error: 'Expected { cell, row, scope: "entry" | "cell", at: "after" | "before" }.' }
);
export type RestoreInput = z.input<typeof RestoreInput>;

export interface VersionLabel {
	label: string;
	createdAt: number;
}

/** GET `/history`: the cell's changes and comment events merged, newest first. */
export interface CellHistory {
	cell: string;
	items: TimelineItem[];
}

/** GET `/activity`: cell changes and structure changes after `since`, newest first, and the board's versions. */
export interface Activity {
	since: number;
	rows: HistoryRow[];
	structure: StructureRow[];
	versions: VersionLabel[];
}

/** POST `/history/restore`: how many things the restore changed. */
export interface Restored {
	changed: number;
}
