import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { entriesMap } from '$lib/board/doc';
import { authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `docLoaded` hook (the history extension in the app attaches its
// observers here), with hooks of the tests' own on a bare Rooms server.
const bed = bareRoomsBed();

describe('docLoaded', () => {
	it('calls docLoaded once per document as it is loaded, before any update, and its cleanup when it unloads', async () => {
		const loaded: string[] = [];
		const unloaded: string[] = [];
		const entriesAtLoad = new Map<string, number>();
		await bed.start(
			(ctx) => ({
				authenticate: authenticateByName(ctx),
				docLoaded: (boardId, docName, doc: Y.Doc) => {
					loaded.push(`${boardId} ${docName}`);
					entriesAtLoad.set(docName, entriesMap(doc).size);
					return () => unloaded.push(docName);
				}
			}),
			{ unloadAfterMs: 100 }
		);
		await bed.client('alice', ['SOMTC']);
		expect(loaded.sort()).toEqual([`${APA_BOARD} body:SOMTC`, `${APA_BOARD} plan`]);
		// It gets the document as stored: the body's seeded entries are already in it.
		expect(entriesAtLoad.get('body:SOMTC')).toBe(entriesMap(bed.ctx.store.load(APA_BOARD, 'body:SOMTC').doc).size);
		expect(entriesAtLoad.get('body:SOMTC')).toBeGreaterThan(0);
		await bed.client('bob', ['SOMTC']);
		expect(loaded).toHaveLength(2); // already loaded: not again
		expect(unloaded).toEqual([]);

		for (const c of bed.clients.splice(0)) c.destroy();
		await waitFor(() => unloaded.length === 2, { what: 'both documents to unload' });
		expect(unloaded.sort()).toEqual(['body:SOMTC', 'plan']);
		expect(bed.rooms.size).toBe(0);
	});
});
