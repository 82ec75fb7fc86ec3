import { commentEventMatches, mergeTimeline, type CommentEvent, type TimelineItem } from '../../board/discussion';
import type { CellQuery, HistoryQueries } from './queries';

/** Where a cell's timeline comes from: its recorded changes and its discussion. */
export interface TimelineSource {
	history: Pick<HistoryQueries, 'forCell'>;
	comments: { timeline(boardId: string, cell: string): CommentEvent[] };
}

/**
 * A cell's history timeline, newest first: its changes and its comment events
 * (posted, replied, resolved), both filtered by the same person and body. A
 * change carries the body its author spoke for then; a comment event, the body
 * its author speaks for now (comments do not record it).
 */
export function cellTimeline(src: TimelineSource, boardId: string, query: CellQuery): TimelineItem[] {
	const rows = src.history.forCell(boardId, query);
	const events = src.comments.timeline(boardId, query.cell).filter((e) => commentEventMatches(e, { userId: query.userId, body: query.body }));
	return mergeTimeline(rows, events);
}
