import { expect, it } from 'vitest';
import { bodyDocName, entriesMap } from '$lib/board/doc';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { AS_HEADER, bareRoomsBed } from '../helpers/bare-rooms';
import { appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { APA_BOARD } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

// If applying an update throws (Yjs integrated part of it, observers ran),
// nothing half-applied may stay live: the document is dropped unsaved and
// reloaded from disk, only the sender is cut off, and everyone else carries
// on with what is stored. A throwing observer stands in for whatever inside
// Yjs could fail on an update that passed every check.

const SOMTC = bodyDocName('SOMTC');
const bed = bareRoomsBed();
/** Text that makes the observer throw while the update is being applied. */
const POISON = '☠';

it('an update whose application throws: the room reloads from disk, only the sender is disconnected', async () => {
	let loads = 0;
	await bed.start(() => ({
		authenticate: (req) => ({ userId: null, name: String(req.headers[AS_HEADER]), role: 'secretariat', body: null }),
		docLoaded(_board, docName, doc) {
			if (docName !== SOMTC) return;
			loads++;
			const entries = entriesMap(doc);
			const poisoned = () => {
				entries.forEach((m) => {
					if (String(m.get('text')).includes(POISON)) throw new Error('poisoned update');
				});
			};
			entries.observeDeep(poisoned);
			return () => entries.unobserveDeep(poisoned);
		}
	}));
	const { ctx, rooms, logged } = bed;

	const sender = await bed.client('sender');
	const other = await bed.client('other');
	const id = firstEntryId(other.docs, 'SOMTC');
	appendText(other.docs, id, ' before');
	await waitFor(() => entryText(rooms.readDocs(APA_BOARD), id)?.endsWith(' before'), { what: 'an honest edit' });
	const seq = ctx.store.lastSeq(APA_BOARD);
	expect(loads).toBe(1);

	appendText(sender.docs, id, ` ${POISON}`);
	await waitFor(() => sender.terminal.length > 0, { what: 'the sender to be cut off' });
	expect(sender.terminal.every((t) => t.code === CLOSE_CODES.malformed)).toBe(true);
	expect(logged.some((m) => m.includes('could not be applied'))).toBe(true);
	// Nothing of it was stored or relayed; the others reconnect to the document reloaded from disk.
	expect(ctx.store.lastSeq(APA_BOARD)).toBe(seq);
	expect(entryText(other.docs, id)).not.toContain(POISON);
	await waitFor(() => loads === 2, { what: 'the document to be reloaded' });
	await other.synced();
	appendText(other.docs, id, ' after');
	await waitFor(() => entryText(rooms.readDocs(APA_BOARD), id)?.endsWith(' before after'), { what: 'the others to carry on' });
	expect(entryText(ctx.store.loadBoard(APA_BOARD), id)).toMatch(/ before after$/);
	expect(other.terminal).toEqual([]);
});
