import { describe, expect, it } from 'vitest';
import { authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { addEntry, entryText } from '../../helpers/board-edits';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `afterApply` hook (the history extension in the app records each
// stored update here), with hooks of the tests' own on a bare Rooms server.
const bed = bareRoomsBed();

describe('afterApply', () => {
	it('calls afterApply with the author and the document once the update is stored', async () => {
		const applied: { boardId: string; docName: string; seq: number; user?: string; stored: number }[] = [];
		await bed.start((ctx) => ({
			authenticate: authenticateByName(ctx),
			afterApply: (info) =>
				applied.push({ boardId: info.boardId, docName: info.docName, seq: info.seq, user: info.user?.name, stored: bed.ctx.store.lastSeq(info.boardId) })
		}));
		const alice = await bed.client('alice');
		const bob = await bed.client('bob');
		const id = addEntry(alice.docs, 'history');
		await waitFor(() => entryText(bob.docs, id), { what: 'Bob to get the entry' });
		expect(applied).toEqual([{ boardId: APA_BOARD, docName: 'body:SOMTC', seq: 1, user: 'alice', stored: 1 }]);
	});
});
