import { z } from 'zod';
import type { MeetingView } from '../board/meeting';

/** `/api/boards/<id>/meeting`: the board's running meeting. */

/** POST: move the running meeting to an agenda item (the presenter's Previous/Next). */
export const MoveMeeting = z.strictObject({
	meetingId: z.number({ error: 'Say which meeting (`meetingId`).' }).int().positive(),
	item: z.number({ error: 'Say which agenda item (`item`, from 0).' }).int().min(0)
});
export type MoveMeeting = z.input<typeof MoveMeeting>;

/** GET: the running meeting, or null; POST: the meeting moved. */
export interface MeetingAnswer<M extends MeetingView | null = MeetingView | null> {
	meeting: M;
}
