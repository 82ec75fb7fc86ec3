import * as Y from 'yjs';
import { CLOSE_CODES } from '../close-codes';
import type { Extension, StoredUpdate } from '../extension';
import { checkShape, clientsOf, type ClientIds } from '../integrity';

/**
 * What an update may contain inside a document its author may write: no
 * structs under a Yjs client id someone else owns in the document (4403),
 * and only what fits the data model (4422; an update that builds on
 * operations the server lacks is dropped, its sync step 2 brings it). The
 * update arrives decoded (`../pipeline.ts`); nothing here decodes it again.
 * With `clientIds`, ids are bound to the first user who writes under them,
 * in the SQLite transaction that stores the update.
 */
export function integrity({ clientIds }: { clientIds?: ClientIds } = {}): Extension {
	return {
		name: 'integrity',
		checkUpdate({ boardId, docName, kind, doc, user, decoded }) {
			const userId = user.userId ?? null;
			const foreign = clientIds?.foreignClient(boardId, docName, clientsOf(decoded, doc), userId);
			if (foreign != null) {
				return { refuse: CLOSE_CODES.forbidden, reason: `Yjs client id ${foreign} belongs to another person on ${docName}` };
			}
			const out = { missing: false };
			const misfit = checkShape(kind, doc, decoded, { userId, now: Date.now() }, out);
			// Typing as a socket reopens overtakes the sync step 2 that carries what it builds on: drop
			// it, the step 2 brings it. Anything else that does not fit is refused for good.
			if (misfit && out.missing) return { drop: `ahead of its sync: ${misfit}` };
			return misfit ? { refuse: CLOSE_CODES.doesNotFit, reason: misfit } : null;
		},
		stored: clientIds && ((s: StoredUpdate) => clientIds.claim(s.boardId, s.docName, clientsOfTransaction(s.transaction), s.clientUserId)),
		storeFailed: clientIds && ((boardId: string, docName: string) => clientIds.forget(boardId, docName))
	};
}

/** The client ids whose clocks a finished transaction advanced: who wrote it, as Yjs sees it. */
function clientsOfTransaction(transaction: Y.Transaction): number[] {
	const clients: number[] = [];
	for (const [client, clock] of transaction.afterState) if (clock > (transaction.beforeState.get(client) ?? 0)) clients.push(client);
	return clients;
}
