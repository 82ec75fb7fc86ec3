import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { bodyDocName, entriesMap } from '../../src/lib/board/doc';
import { closeAppContext, setAppContext, type AppContext } from '../../src/lib/server/app-context';
import { CLOSE_CODES } from '../../src/lib/server/collab/close-codes';
import type { CollabLogger } from '../../src/lib/server/collab/options';
import { Rooms } from '../../src/lib/server/collab/rooms';
import { prepareContext } from '../../server/app-server';
import { appendText, entryText, firstEntryId } from '../helpers/board-edits';
import { syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, tempDataDir, testConfig } from '../helpers/collab-server';
import { waitFor } from '../helpers/wait';

// If applying an update throws (Yjs integrated part of it, observers ran),
// nothing half-applied may stay live: the document is dropped unsaved and
// reloaded from disk, only the sender is cut off, and everyone else carries
// on with what is stored. A throwing observer stands in for whatever inside
// Yjs could fail on an update that passed every check.

const SOMTC = bodyDocName('SOMTC');
let dataDir: string;
let ctx: AppContext;
let rooms: Rooms;
let http: Server;
let wsUrl: string;
const clients: TestClient[] = [];
const logged: string[] = [];
const log: CollabLogger = { warn: (m) => logged.push(m), error: (m) => logged.push(m) };
/** Text that makes the observer throw while the update is being applied. */
const POISON = '☠';

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await rooms.close();
	await new Promise((resolve) => http.close(resolve));
	await closeAppContext(ctx);
	setAppContext(undefined);
	removeDataDir(dataDir);
});

it('an update whose application throws: the room reloads from disk, only the sender is disconnected', async () => {
	dataDir = tempDataDir();
	ctx = await prepareContext(testConfig(dataDir));
	let loads = 0;
	rooms = new Rooms({
		store: ctx.store,
		boards: ctx.boards,
		log,
		hooks: {
			authenticate: (req) => ({ userId: null, name: String(req.headers['x-test-user']), role: 'secretariat', body: null }),
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
		}
	});
	http = createServer((_req, res) => res.writeHead(404).end());
	http.on('upgrade', (req, socket, head) => rooms.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	wsUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/yjs`;
	const connect = async (as: string) => {
		const c = await syncedClient(wsUrl, APA_BOARD, { headers: { 'x-test-user': as } });
		clients.push(c);
		return c;
	};

	const sender = await connect('sender');
	const other = await connect('other');
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
