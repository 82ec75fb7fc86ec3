import { describe, expect, it } from 'vitest';
import { bodyDocName, PLAN_DOC } from '$lib/board/doc';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { authenticateByName, bareRoomsBed } from '../../helpers/bare-rooms';
import { refusedStatus, SEEDED_BODIES } from '../../helpers/collab-client';
import { APA_BOARD } from '../../helpers/collab-server';
import { waitFor } from '../../helpers/wait';

// The `authenticate` hook (the session extension in the app: session cookie
// and Origin, tested through the real server in permissions-enforced.test.ts),
// with hooks of the tests' own on a bare Rooms server.
const bed = bareRoomsBed();

/** Every document a seeded board has. */
const ALL_DOCS = [PLAN_DOC, ...SEEDED_BODIES.map(bodyDocName)];

describe('authenticate', () => {
	it('refuses the handshake with 401 when authenticate returns null, 500 when it throws', async () => {
		let calls = 0;
		await bed.start(() => ({
			authenticate(req, boardId) {
				calls++;
				expect(boardId).toBe(APA_BOARD);
				if (req.url?.includes('boom')) throw new Error('session store down');
				return null;
			}
		}));
		expect(await refusedStatus(`${bed.wsUrl}/${APA_BOARD}`)).toBe(401);
		expect(await refusedStatus(`${bed.wsUrl}/${APA_BOARD}?boom`)).toBe(500);
		// Unknown boards are refused before anyone is asked.
		expect(await refusedStatus(`${bed.wsUrl}/nope`)).toBe(404);
		expect(calls).toBe(2);
		expect(bed.rooms.size).toBe(0);
		expect(bed.rooms.connectionCount()).toBe(0);
	});

	it("disconnectUser closes that user's connections with 4401", async () => {
		await bed.start((ctx) => ({ authenticate: authenticateByName(ctx) }));
		const alice = await bed.client('alice');
		const bob = await bed.client('bob');
		expect(bed.rooms.connectionCount(APA_BOARD)).toBe(2);
		bed.rooms.disconnectUser(bed.ctx.users.byEmail('alice@test')!.id);
		await waitFor(() => alice.closes.length === alice.providers.size, { what: 'Alice to be closed' });
		// The whole socket: every one of her documents sees it.
		expect(alice.closes.map((c) => c.doc).sort()).toEqual([...ALL_DOCS].sort());
		expect(alice.closes.every((c) => c.code === CLOSE_CODES.unauthenticated)).toBe(true);
		expect(Array.from(bob.providers.values()).every((p) => p.wsconnected)).toBe(true);
		await waitFor(() => bed.rooms.connectionCount(APA_BOARD) === 1, { what: 'the server to forget her socket' });
	});
});
