import * as Y from 'yjs';
import { bodyDocName, entriesMap, mapOf, type BoardDocs } from '../../../src/lib/board/doc';
import { readBoard } from '../../../src/lib/board/view';
import type { DocStore } from '../../../src/lib/server/collab/doc-store';
import { USER_ORIGIN } from './bench-clients';

const TYPED = 'Regional workshop on victim identification and referral, with national focal points; ';

/**
 * A synthetic meeting: `writers` delegates, each on its own Yjs client of
 * its body's document, add one entry each and then type into it (with some
 * backspaces and progress changes), one update per keystroke, interleaved
 * round-robin as a server would receive them. Appends `total` updates to the
 * board's log (each under its body's document, sequence numbers after the
 * board's last) after its current state; returns the final documents.
 */
export function writeMeetingLog(
	store: DocStore,
	boardId: string,
	{ total, writers, bodies, userIds }: { total: number; writers: number; bodies: string[]; userIds: (number | null)[] }
): BoardDocs {
	const start = store.loadBoard(boardId);
	const board = readBoard(start);
	const bodyOf = (i: number) => bodies[i % bodies.length];
	const docs = Array.from({ length: writers }, (_, i) => {
		const d = new Y.Doc();
		Y.applyUpdate(d, Y.encodeStateAsUpdate(start.body(bodyOf(i))));
		return d;
	});
	const pending: Uint8Array[][] = docs.map(() => []);
	docs.forEach((d, i) => d.on('update', (u: Uint8Array) => pending[i].push(u)));
	const texts: Y.Text[] = docs.map(() => new Y.Text());
	docs.forEach((d, i) => {
		d.transact(() => {
			entriesMap(d).set(
				`meeting-${i}`,
				mapOf({
					provision: board.provisions[(i * 7) % board.provisions.length].id,
					category: board.categories[i % board.categories.length].id,
					text: texts[i],
					status: 'proposed',
					uncertain: false,
					order: 20_000 + i
				})
			);
		}, USER_ORIGIN);
	});
	let seq = store.lastSeq(boardId);
	let written = 0;
	let step = 0;
	store.transaction(() => {
		while (written < total) {
			const i = step % writers;
			const k = Math.floor(step / writers);
			step++;
			const d = docs[i];
			const text = texts[i];
			if (k > 0) {
				d.transact(() => {
					if (k % 97 === 0) entriesMap(d).get(`meeting-${i}`)!.set('status', k % 2 ? 'ongoing' : 'proposed');
					else if (k % 11 === 0 && text.length > 0) text.delete(text.length - 1, 1);
					else text.insert(text.length, TYPED[k % TYPED.length]);
				}, USER_ORIGIN);
			}
			for (const u of pending[i].splice(0)) {
				if (written >= total) break;
				store.append(boardId, bodyDocName(bodyOf(i)), ++seq, u, userIds[i % userIds.length]);
				written++;
			}
		}
	});
	docs.forEach((d, i) => Y.applyUpdate(start.body(bodyOf(i)), Y.encodeStateAsUpdate(d)));
	for (const d of docs) d.destroy();
	return start;
}
