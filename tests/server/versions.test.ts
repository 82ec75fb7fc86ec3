import { describe, expect, it } from 'vitest';
import { compareBoards } from '$lib/board/diff';
import { readBoard } from '$lib/board/view';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import { openDatabase } from '$lib/server/db';
import { APA_BOARD, dbPathOf, signIn, type TestUser, type UserSpec } from '../helpers/collab-server';
import { firstOf, replaceText, SHARED_CELL, textOf } from '../helpers/history';
import { seededDocs } from '../helpers/seeded-doc';
import { refusal } from '../helpers/refusal';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

const bed = serverTestBed();

const ctx = () => bed.server!.running.ctx;
const user = (spec: UserSpec): TestUser => signIn(ctx(), spec);
const actor = (u: TestUser) => ({ id: u.id, role: u.role, body: u.body });

const client = (who: TestUser) => bed.client(who.token);

describe('the seed version', () => {
	it('a fresh database has "As of 31 May 2016", identical to the seeded board', async () => {
		await bed.start();
		expect(ctx().versions.list(APA_BOARD).map((v) => [v.label, v.kind, v.seq, v.createdBy])).toEqual([['As of 31 May 2016', 'named', 0, null]]);
		const docs = ctx().versions.docs(APA_BOARD, 'As of 31 May 2016')!;
		expect(readBoard(docs)).toEqual(readBoard(ctx().rooms.readDocs(APA_BOARD)));
	});

	it('a database seeded before versions existed gets it on the next start', async () => {
		await bed.start();
		const secretariat = user({ role: 'secretariat' });
		const s = await client(secretariat);
		replaceText(s.docs, firstOf(s.docs, SHARED_CELL, 'SOMTC').id, 'Edited before the upgrade');
		await waitFor(() => ctx().store.lastSeq(APA_BOARD) === 1, { what: 'the edit to be stored' });
		bed.clients.splice(0).forEach((c) => c.destroy());
		await bed.server!.close();
		// As if the version had never been written.
		const db = openDatabase(dbPathOf(bed.dataDir!));
		db.prepare('DELETE FROM versions').run();
		db.close();

		await bed.start();
		const seed = ctx().versions.docs(APA_BOARD, 'As of 31 May 2016');
		expect(seed).toBeDefined();
		expect(readBoard(seed!).entries).toEqual(readBoard(seededDocs()).entries);
		await bed.server!.close();
		await bed.start();
		expect(ctx().versions.list(APA_BOARD)).toHaveLength(1);
	});
});

describe('named versions', () => {
	it('the secretariat and the chair save versions; others cannot; labels are unique per board', async () => {
		await bed.start();
		const secretariat = user({ role: 'secretariat' });
		const s = await client(secretariat);
		const entry = firstOf(s.docs, SHARED_CELL, 'SOMTC');
		replaceText(s.docs, entry.id, 'Agreed wording');
		await waitFor(() => ctx().store.lastSeq(APA_BOARD) === 1, { what: 'the edit to be stored' });

		const v = ctx().versions.save(APA_BOARD, '  Agreed at   SOMTC WG 12 ', actor(secretariat));
		expect(v).toMatchObject({ label: 'Agreed at SOMTC WG 12', kind: 'named', seq: 1, createdBy: secretariat.id });
		ctx().versions.save(APA_BOARD, 'Chair’s draft', actor(user({ role: 'chair', body: 'SOMTC' })));
		expect(refusal(() => ctx().versions.save(APA_BOARD, 'Mine', actor(user({ role: 'delegate', body: 'SOMTC' }))))).toEqual({
			status: 403,
			message: 'Only the chair and the secretariat can save versions.'
		});
		expect(refusal(() => ctx().versions.save(APA_BOARD, 'Agreed at SOMTC WG 12', actor(secretariat))).status).toBe(409);
		expect(refusal(() => ctx().versions.save(APA_BOARD, '   ', actor(secretariat))).status).toBe(400);
		expect(refusal(() => ctx().versions.save(APA_BOARD, 'compare', actor(secretariat))).status).toBe(400);

		// Later edits do not change a saved version; comparing shows exactly the change since.
		replaceText(s.docs, entry.id, 'Agreed wording, amended');
		await waitFor(() => ctx().store.lastSeq(APA_BOARD) === 2, { what: 'the second edit' });
		const saved = readBoard(ctx().versions.docs(APA_BOARD, 'Agreed at SOMTC WG 12')!);
		expect(saved.entries.find((e) => e.id === entry.id)!.text).toBe('Agreed wording');
		const seed = readBoard(ctx().versions.docs(APA_BOARD, 'As of 31 May 2016')!);
		const changes = compareBoards(saved, readBoard(ctx().rooms.readDocs(APA_BOARD)));
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ cell: SHARED_CELL, added: [], removed: [] });
		expect(changes[0].changed.map((c) => [c.before.text, c.after.text])).toEqual([['Agreed wording', 'Agreed wording, amended']]);
		expect(compareBoards(seed, saved)[0].changed[0].before.text).toBe(entry.text);
		expect(ctx().versions.list(APA_BOARD).map((v) => v.label)).toEqual(['Chair’s draft', 'Agreed at SOMTC WG 12', 'As of 31 May 2016']);
	});
});

describe('finalization', () => {
	it('finalizing saves "Finalized <date>", closes clients with 4409 and makes the board read-only until reopened', async () => {
		await bed.start();
		const secretariat = user({ role: 'secretariat' });
		const somtc = user({ role: 'delegate', body: 'SOMTC' });
		const a = await client(somtc);
		const entry = firstOf(a.docs, SHARED_CELL, 'SOMTC');
		replaceText(a.docs, entry.id, 'Final wording');
		await waitFor(() => ctx().store.lastSeq(APA_BOARD) === 1, { what: 'the edit' });
		const [row] = ctx().history.forCell(APA_BOARD, { cell: SHARED_CELL });

		expect(refusal(() => ctx().versions.setBoardStatus(APA_BOARD, 'finalized', actor(somtc))).status).toBe(403);
		const version = ctx().versions.setBoardStatus(APA_BOARD, 'finalized', actor(secretariat), new Date('2026-06-08T10:00:00Z'));
		expect(version).toMatchObject({ label: 'Finalized 8 June 2026', kind: 'finalized', seq: 1 });
		expect(ctx().boards.get(APA_BOARD)!.status).toBe('finalized');
		// The whole socket closes: every document's provider sees it, and stops.
		await waitFor(() => a.terminal.length === a.providers.size, { what: 'the client to be closed' });
		for (const close of a.terminal) expect(close).toMatchObject({ code: CLOSE_CODES.statusChanged, reason: 'the board was finalized' });
		expect(a.terminal.map((t) => t.doc).sort()).toEqual([...a.providers.keys()].sort());
		expect(refusal(() => ctx().versions.setBoardStatus(APA_BOARD, 'finalized', actor(secretariat))).status).toBe(409);

		// Read-only for all, enforced on the server: an edit is refused with 4403 and not stored …
		const again = await client(somtc);
		replaceText(again.docs, entry.id, 'Sneaked in after finalization');
		await waitFor(() => again.terminal.length > 0, { what: 'the edit to be refused' });
		expect(again.terminal).toEqual([expect.objectContaining({ doc: 'body:SOMTC', code: CLOSE_CODES.forbidden })]);
		expect(ctx().store.lastSeq(APA_BOARD)).toBe(1);
		// … and so is a restore, even by the secretariat.
		const refused = refusal(() =>
			ctx().restorer.restore(APA_BOARD, { userId: secretariat.id, name: 's', role: 'secretariat', body: null }, {
				cell: SHARED_CELL,
				row: row.id,
				scope: 'entry',
				at: 'before'
			})
		);
		expect(refused.status).toBe(403);
		expect(textOf(ctx().rooms.readDocs(APA_BOARD), entry.id)).toBe('Final wording');

		// A second finalization the same day gets its own label; reopening makes the board editable again.
		expect(ctx().versions.setBoardStatus(APA_BOARD, 'open', actor(secretariat))).toBeNull();
		expect(ctx().versions.setBoardStatus(APA_BOARD, 'finalized', actor(user({ role: 'chair', body: 'SOMTC' })), new Date('2026-06-08T15:00:00Z'))!.label).toBe(
			'Finalized 8 June 2026 (2)'
		);
		ctx().versions.setBoardStatus(APA_BOARD, 'open', actor(secretariat));
		const third = await client(somtc);
		replaceText(third.docs, entry.id, 'Reopened and edited');
		await waitFor(() => ctx().store.lastSeq(APA_BOARD) === 2, { what: 'the edit after reopening' });
	});
});
