import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TransactionOrigin } from '$lib/board/doc';
import { addMissingItems, blankItem, setItemFields, setNarrative } from '$lib/monitoring/report-doc';
import { activityHistory, fieldText, itemChanges, reportSteps, type ReportHistoryRow } from '$lib/monitoring/report-history';
import { reportDocName, type ReportEvent } from '$lib/monitoring/reports';
import { Boards } from '$lib/server/boards/boards';
import type { ConnectionUser } from '$lib/server/collab/options';
import { openDatabase, type Db } from '$lib/server/db';
import { DocStore } from '$lib/server/collab/doc-store';
import { HistoryQueries } from '$lib/server/history/queries';
import { HistoryRecorder } from '$lib/server/history/recorder';
import { ReportingPeriods } from '$lib/server/monitoring/periods';
import { Users } from '$lib/server/identity/users';
import { seededDocs } from '../helpers/seeded-doc';

// The field history of a progress report, recorded by the same recorder as
// a board's cells (the rooms' hooks), with the same coalescing of a burst.

const BOARD = 'b1';
const USER: TransactionOrigin = { source: 'user' };
const SERVER: TransactionOrigin = { source: 'server' };

let db: Db;
let clock: number;
let doc: Y.Doc;
let periodId: number;
let queries: HistoryQueries;
let ann: ConnectionUser;
let bob: ConnectionUser;
/** Who the next transaction is by (null: the server itself). */
let author: ConnectionUser | null;

beforeEach(() => {
	db = openDatabase(':memory:');
	new Boards(db, new DocStore(db)).create({ id: BOARD, title: 'T', asOf: null, createdBy: null }, seededDocs());
	db.prepare(`INSERT INTO bodies (code, name, pillar, position) VALUES ('SOM-ED', 'SOM-ED', 'ASCC', 0)`).run();
	const users = new Users(db);
	const make = (name: string, role: 'delegate' | 'secretariat', body: string | null): ConnectionUser => {
		const u = users.create({ email: `${name}@x.test`, name, role, body, passwordHash: null });
		return { userId: u.id, name, role, body };
	};
	ann = make('Ann', 'delegate', 'SOM-ED');
	bob = make('Bob', 'secretariat', null);
	periodId = new ReportingPeriods(db).insert({ boardId: BOARD, label: '2026', opensOn: '2026-01-01', closesOn: '2026-12-31', userId: bob.userId! }).id;
	clock = 1_000_000;
	const recorder = new HistoryRecorder(db, { now: () => clock });
	const docName = reportDocName(periodId, 'SOM-ED');
	doc = new Y.Doc();
	let seq = 0;
	// What the rooms do: follow the loaded document, record each stored update with its connection's user.
	recorder.attach(BOARD, docName, doc);
	doc.on('update', (update: Uint8Array, _origin: unknown, d: Y.Doc, transaction: Y.Transaction) =>
		recorder.record({ boardId: BOARD, docName, seq: ++seq, user: author, update, doc: d, transaction })
	);
	author = null;
	doc.transact(() => addMissingItems(doc, ['e1', 'e2']), SERVER);
	author = ann;
	queries = new HistoryQueries(db);
});

const rows = () => queries.forReport(periodId, 'SOM-ED');

describe('recording a report’s fields', () => {
	it('writes nothing for the empty items the server makes, one row per changed field after', () => {
		expect(rows()).toEqual([]);
		setItemFields(doc, 'e1', { status: 'ongoing', start: '2026-03-01', target: 10 }, USER);
		expect(rows().map((r) => [r.entryId, r.field, r.before, r.after, r.userName, r.body, r.source])).toEqual([
			['e1', 'target', null, 10, 'Ann', 'SOM-ED', 'user'],
			['e1', 'start', '', '2026-03-01', 'Ann', 'SOM-ED', 'user'],
			['e1', 'status', 'not-started', 'ongoing', 'Ann', 'SOM-ED', 'user']
		]);
	});

	it('folds a person’s typing in one field with pauses of at most 30 s, like a cell’s history', () => {
		setNarrative(doc, 'e1', 'Two', USER);
		clock += 20_000;
		setNarrative(doc, 'e1', 'Two workshops', USER);
		clock += 30_000;
		setNarrative(doc, 'e1', 'Two workshops held', USER);
		expect(rows()).toHaveLength(1);
		expect(rows()[0]).toMatchObject({ field: 'narrative', before: '', after: 'Two workshops held', startedAt: 1_000_000, updatedAt: 1_050_000 });
		clock += 30_001;
		setNarrative(doc, 'e1', 'Two workshops held.', USER);
		expect(rows().map((r) => [r.before, r.after])).toEqual([
			['Two workshops held', 'Two workshops held.'],
			['', 'Two workshops held']
		]);
	});

	it('starts a row for another person, another field or another activity', () => {
		setNarrative(doc, 'e1', 'a', USER);
		author = bob;
		setNarrative(doc, 'e1', 'ab', USER);
		author = ann;
		setNarrative(doc, 'e1', 'abc', USER);
		setItemFields(doc, 'e1', { evidence: 'https://x.test/1\n https://x.test/2 ' }, USER);
		setNarrative(doc, 'e2', 'z', USER);
		expect(rows().map((r) => [r.entryId, r.field, r.userName, r.body, r.after])).toEqual([
			['e2', 'narrative', 'Ann', 'SOM-ED', 'z'],
			['e1', 'evidence', 'Ann', 'SOM-ED', ['https://x.test/1', 'https://x.test/2']],
			['e1', 'narrative', 'Ann', 'SOM-ED', 'abc'],
			['e1', 'narrative', 'Bob', null, 'ab'],
			['e1', 'narrative', 'Ann', 'SOM-ED', 'a']
		]);
	});

	it('records no row for a write that changes no value', () => {
		setItemFields(doc, 'e1', { evidence: 'https://x.test/1' }, USER);
		// Only the spacing differs: the links read the same.
		setItemFields(doc, 'e1', { evidence: ' https://x.test/1 ' }, USER);
		expect(rows()).toHaveLength(1);
	});
});

describe('an activity’s history', () => {
	const row = (id: number, entryId: string, at: number): ReportHistoryRow => ({
		id,
		entryId,
		field: 'status',
		before: 'not-started',
		after: 'ongoing',
		source: 'user',
		userId: 1,
		userName: 'Ann',
		body: 'SOM-ED',
		startedAt: at,
		updatedAt: at
	});
	const event = (id: number, kind: ReportEvent['kind'], at: number): ReportEvent => ({ id, kind, comment: null, userId: 2, userName: 'Bob', at });

	it('interleaves its changes with the report’s steps, newest first; a step in the same millisecond comes first', () => {
		const steps = reportSteps([event(1, 'submitted', 20), event(2, 'returned', 30)], { lockedAt: 50, lockedByName: 'Bob' });
		const items = activityHistory('e1', [row(3, 'e1', 40), row(2, 'e2', 35), row(1, 'e1', 20)], steps);
		expect(items.map((i) => i.key)).toEqual(['locked', 'change-3', 'event-2', 'event-1', 'change-1']);
	});

	it('says values in words', () => {
		expect(fieldText('status', 'not-started')).toBe('Not started');
		expect(fieldText('evidence', ['a', 'b'])).toBe('a\nb');
		expect(fieldText('target', null)).toBe('');
		expect(fieldText('actual', 0)).toBe('0');
		expect(itemChanges('e', blankItem(), blankItem({ evidence: ['a'], actual: 0 })).map((c) => c.field)).toEqual(['evidence', 'actual']);
	});
});
