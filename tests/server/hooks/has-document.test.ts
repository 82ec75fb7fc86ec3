import { describe, expect, it } from 'vitest';
import { bodyDocName, PLAN_DOC } from '$lib/board/doc';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { AS_HEADER, authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { connectClient } from '../../helpers/collab-client';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `hasDocument` hook (the authority extension in the app: the plan, the
// registry's bodies and the reports of a board's periods), with hooks of the
// tests' own on a bare Rooms server.
const bed = bareRoomsBed();

describe('hasDocument', () => {
	it('opens only the documents hasDocument knows; another name gets its channel closed with 4404', async () => {
		const askedFor: string[] = [];
		await bed.start((ctx) => ({
			authenticate: authenticateByName(ctx),
			hasDocument: (boardId, docName) => {
				askedFor.push(`${boardId} ${docName}`);
				return docName !== bodyDocName('ACWC');
			}
		}));
		const alice = connectClient(bed.wsUrl, APA_BOARD, { headers: { [AS_HEADER]: 'alice' }, bodies: ['SOMTC', 'ACWC'] });
		bed.clients.push(alice);
		await waitFor(() => alice.terminal.length > 0 && alice.providers.get(PLAN_DOC)!.synced && alice.providers.get('body:SOMTC')!.synced, {
			what: 'the known documents to sync and the unknown one to be refused'
		});
		expect(alice.terminal).toEqual([{ doc: 'body:ACWC', code: CLOSE_CODES.unknownDocument, reason: 'no such document on this board' }]);
		expect(askedFor.sort()).toEqual([`${APA_BOARD} body:ACWC`, `${APA_BOARD} body:SOMTC`, `${APA_BOARD} plan`]);
		expect(bed.rooms.loaded(APA_BOARD, 'body:ACWC')).toBeUndefined();
		expect(bed.rooms.size).toBe(2);
		// Server-side changes are held to the same names.
		const user = { userId: null, name: 'server', role: 'secretariat', body: null };
		expect(() => bed.rooms.change(APA_BOARD, 'body:ACWC', user, () => {})).toThrow(/No document body:ACWC/);
	});
});
