import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { cellKey, type BoardDocs, type TransactionOrigin } from '$lib/board/doc';
import { entryChanges, entryRestoreAt, entryRestoreChanges, leadChange, type HistoryRow } from '$lib/board/history';
import { setDecision, setEntryProgress, setEntryText, setLead } from '$lib/board/mutations';
import { readBoard, type EntryView } from '$lib/board/view';
import { Boards } from '$lib/server/boards/boards';
import type { ConnectionUser } from '$lib/server/collab/options';
import { openDatabase, type Db } from '$lib/server/db';
import { DocStore } from '$lib/server/collab/doc-store';
import { HistoryQueries } from '$lib/server/history/queries';
import { HistoryRecorder } from '$lib/server/history/recorder';
import { Users } from '$lib/server/identity/users';
import { seededDocs } from '../helpers/seeded-doc';

const BOARD = 'b1';
const CELL = cellKey('A.a', 'institutional');
const USER: TransactionOrigin = { source: 'user' };

let db: Db;
let clock: number;
let docs: BoardDocs;
let queries: HistoryQueries;
let people: Record<'ann' | 'bob' | 'chair', ConnectionUser>;
/** Who the next transaction is by (the rooms pass the connection's user). */
let author: ConnectionUser;

beforeEach(() => {
	db = openDatabase(':memory:');
	const store = new DocStore(db);
	docs = seededDocs();
	new Boards(db, store).create({ id: BOARD, title: 'T', asOf: null, createdBy: null }, docs);
	db.prepare(`INSERT INTO bodies (code, name, pillar, position) VALUES ('SOMTC', 'SOMTC', 'APSC', 0)`).run();
	const users = new Users(db);
	const make = (name: string, body: string, role: 'delegate' | 'chair' = 'delegate'): ConnectionUser => {
		const u = users.create({ email: `${name.replace(' ', '.')}@x.test`, name, role, body, passwordHash: null });
		return { userId: u.id, name, role, body };
	};
	people = { ann: make('Ann', 'SOMTC'), bob: make('Bob', 'SOMTC'), chair: make('Chris Chair', 'SOMTC', 'chair') };
	author = people.ann;
	clock = 1_000_000;
	const recorder = new HistoryRecorder(db, { now: () => clock });
	let seq = 0;
	// What the rooms do: follow each loaded document, record each stored update with its author.
	for (const [docName, doc] of docs.named()) {
		recorder.attach(BOARD, docName, doc);
		doc.on('update', (update: Uint8Array, _origin: unknown, d: Y.Doc, transaction: Y.Transaction) =>
			recorder.record({ boardId: BOARD, docName, seq: ++seq, user: author, update, doc: d, transaction })
		);
	}
	queries = new HistoryQueries(db);
});

const somtcEntry = () => readBoard(docs).entries.find((e) => e.body === 'SOMTC' && cellKey(e.provision, e.category) === CELL)!;
const rows = () => queries.forCell(BOARD, { cell: CELL });

describe('coalescing', () => {
	it('extends a row while the same person keeps changing the same entry with pauses of at most 30 s', () => {
		const { id, text } = somtcEntry();
		setEntryText(docs, id, `${text} a`, USER);
		clock += 20_000;
		setEntryText(docs, id, `${text} ab`, USER);
		clock += 30_000;
		setEntryText(docs, id, `${text} abc`, USER);
		expect(rows()).toHaveLength(1);
		expect(rows()[0]).toMatchObject({ startedAt: 1_000_000, updatedAt: 1_050_000, seqFrom: 1, seqTo: 3 });
		expect((rows()[0].before as EntryView).text).toBe(text);
		expect((rows()[0].after as EntryView).text).toBe(`${text} abc`);

		clock += 30_001;
		setEntryText(docs, id, `${text} abcd`, USER);
		expect(rows()).toHaveLength(2);
		expect((rows()[0].before as EntryView).text).toBe(`${text} abc`);
	});

	it('starts a new row for another person, another kind, or after someone else touched the entry', () => {
		const { id, text } = somtcEntry();
		setEntryText(docs, id, `${text} 1`, USER);
		author = people.bob;
		setEntryText(docs, id, `${text} 2`, USER);
		author = people.ann;
		setEntryText(docs, id, `${text} 3`, USER);
		setEntryProgress(docs, id, 'ongoing', USER);
		expect(rows().map((r) => [r.kind, r.userName])).toEqual([
			['status', 'Ann'],
			['edited', 'Ann'],
			['edited', 'Bob'],
			['edited', 'Ann']
		]);
	});

	it('records a decision in the plan as a status row on its entry’s cell, by whoever recorded it', () => {
		const { id, text } = somtcEntry();
		const { chair } = people;
		author = chair;
		setDecision(docs, id, 'agreed', { userId: chair.userId, meeting: 7, at: clock }, USER);
		const [row] = rows();
		expect(rows()).toHaveLength(1);
		expect(row).toMatchObject({ kind: 'status', cell: CELL, entryId: id, userId: chair.userId, body: 'SOMTC', source: 'user' });
		expect(row.before).toMatchObject({ text, status: 'proposed', progress: 'proposed' });
		expect(row.before).not.toHaveProperty('decision.state');
		expect(row.after).toMatchObject({ text, status: 'agreed', progress: 'proposed', decision: { state: 'agreed', by: chair.userId, meeting: 7 } });

		// Withdrawing it is another status row (after the pause that ends a burst); progress reported later wins over agreement.
		clock += 30_001;
		setDecision(docs, id, null, { userId: chair.userId, meeting: null }, USER);
		expect(rows()).toHaveLength(2);
		expect(rows()[0]).toMatchObject({ kind: 'status', before: { status: 'agreed' }, after: { status: 'proposed' } });
		setDecision(docs, id, 'agreed', { userId: chair.userId, meeting: null }, USER);
		author = people.ann;
		setEntryProgress(docs, id, 'ongoing', USER);
		expect(rows().slice(0, 2).map((r) => [r.kind, r.userName, (r.after as EntryView).status])).toEqual([
			['status', 'Ann', 'ongoing'],
			['status', 'Chris Chair', 'agreed']
		]);
	});

	it('never folds a restore into a person’s edits', () => {
		const { id, text } = somtcEntry();
		setEntryText(docs, id, `${text} 1`, USER);
		setEntryText(docs, id, text, { source: 'restore', userId: people.ann.userId! });
		setEntryText(docs, id, `${text} 2`, USER);
		expect(rows().map((r) => r.source)).toEqual(['user', 'restore', 'user']);
	});

	it('records a lead change with its before and after', () => {
		setLead(docs, 'A.a', 'institutional', 'SOMTC', USER);
		clock += 60_000;
		setLead(docs, 'A.a', 'institutional', null, USER);
		expect(rows().map((r) => [r.kind, r.before, r.after])).toEqual([
			['lead', 'SOMTC', null],
			['lead', null, 'SOMTC']
		]);
	});
});

describe('classification', () => {
	const base: EntryView = { id: 'e', provision: 'A.a', category: 'research', body: 'SOMTC', text: 'x', status: 'proposed', progress: 'proposed', uncertain: false, order: 1 };
	it('names a change after its most telling field', () => {
		expect(entryChanges('e', undefined, base).map((c) => c.kind)).toEqual(['added']);
		expect(entryChanges('e', base, undefined).map((c) => c.kind)).toEqual(['removed']);
		expect(entryChanges('e', base, { ...base })).toEqual([]);
		expect(entryChanges('e', base, { ...base, text: 'y', status: 'agreed' }).map((c) => c.kind)).toEqual(['edited']);
		expect(entryChanges('e', base, { ...base, status: 'agreed' }).map((c) => c.kind)).toEqual(['status']);
		expect(entryChanges('e', base, { ...base, decision: { state: 'agreed', by: 1, at: 0, meeting: null } }).map((c) => c.kind)).toEqual(['status']);
		expect(entryChanges('e', base, { ...base, progress: 'completed', status: 'completed' }).map((c) => c.kind)).toEqual(['status']);
		expect(entryChanges('e', base, { ...base, order: 3 }).map((c) => c.kind)).toEqual(['moved']);
		expect(entryChanges('e', base, { ...base, uncertain: true }).map((c) => c.kind)).toEqual(['edited']);
		expect(entryChanges('e', base, { ...base, category: 'training' }).map((c) => [c.kind, c.cell])).toEqual([
			['moved', 'A.a|research'],
			['moved', 'A.a|training']
		]);
		expect(leadChange('k', undefined, undefined)).toEqual([]);
		expect(leadChange('k', 'SOMTC', undefined)).toEqual([{ cell: 'k', kind: 'lead', entryId: null, before: 'SOMTC', after: null }]);
	});
});

describe('restore offers only what would change something', () => {
	const now: EntryView = { id: 'e', provision: 'A.a', category: 'research', body: 'SOMTC', text: 'x', status: 'proposed', progress: 'proposed', uncertain: false, order: 1 };
	it('an entry already in the target state has nothing to restore (the server would answer 409)', () => {
		expect(entryRestoreChanges({ ...now }, now)).toBe(false);
		expect(entryRestoreChanges(null, undefined)).toBe(false);
		expect(entryRestoreChanges({ ...now, text: 'y' }, now)).toBe(true);
		expect(entryRestoreChanges({ ...now, decision: { state: 'agreed', by: 1, at: 0, meeting: null } }, now)).toBe(true);
		expect(entryRestoreChanges(now, undefined)).toBe(true);
		expect(entryRestoreChanges(null, now)).toBe(true);
	});
	it('restores the state that belongs in the row\'s cell', () => {
		const row = (kind: HistoryRow['kind'], after: EntryView | null) =>
			({ id: 1, cell: 'A.a|research', kind, entryId: 'e', before: now, after }) as HistoryRow;
		expect(entryRestoreAt(row('edited', { ...now, text: 'y' }))).toBe('after');
		expect(entryRestoreAt(row('removed', null))).toBe('before');
		expect(entryRestoreAt(row('moved', { ...now, category: 'training' }))).toBe('before');
	});
});
