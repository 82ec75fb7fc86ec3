import { beforeEach, describe, expect, it } from 'vitest';
import { commentEventMatches, commentEventVerb, commentExcerpt, describeCell, mergeTimeline, MAX_COMMENT_LENGTH } from '$lib/board/discussion';
import type { HistoryRow } from '$lib/board/history';
import type { UserActor } from '$lib/board/permissions';
import { readBoard } from '$lib/board/view';
import { isAppError, type AppError } from '$lib/server/app-error';
import { Comments, type NewComment } from '$lib/server/discussion/comments';
import { openDatabase, type Db } from '$lib/server/db';
import { Notifications } from '$lib/server/discussion/notifications';
import { Users, type Role } from '$lib/server/identity/users';
import { seededDocs } from '../helpers/seeded-doc';

const BOARD = 'b1';
const CELL = 'A.a|institutional';
const OTHER_CELL = 'B.a|research';

let db: Db;
let clock: number;
let comments: Comments;
let notifications: Notifications;
let people: Record<'chair' | 'somEd1' | 'somEd2' | 'acwc' | 'observer' | 'secretariat' | 'formerSomEd', UserActor>;

beforeEach(() => {
	db = openDatabase(':memory:');
	db.prepare(`INSERT INTO boards (id, title, status, created_at) VALUES (?, 'Test board', 'open', 0)`).run(BOARD);
	const insertBody = db.prepare(`INSERT INTO bodies (code, name, pillar, position) VALUES (?, ?, 'ASCC', ?)`);
	['SOMTC', 'SOM-ED', 'ACWC'].forEach((code, i) => insertBody.run(code, `${code} body`, i));
	const users = new Users(db);
	const make = (name: string, role: Role, body: string | null): UserActor => {
		const u = users.create({ email: `${name.toLowerCase().replace(/\W+/g, '.')}@x.test`, name, role, body, passwordHash: null });
		return { id: u.id, role, body };
	};
	people = {
		chair: make('Chris Chair', 'chair', 'SOMTC'),
		somEd1: make('Edna Delegate', 'delegate', 'SOM-ED'),
		somEd2: make('Eddie Delegate', 'delegate', 'SOM-ED'),
		acwc: make('Ada Delegate', 'delegate', 'ACWC'),
		observer: make('Olive Observer', 'observer', null),
		secretariat: make('Sam Secretariat', 'secretariat', null),
		formerSomEd: make('Former Delegate', 'delegate', 'SOM-ED')
	};
	users.setActive(people.formerSomEd.id, false);
	clock = 1_000_000;
	notifications = new Notifications(db);
	comments = new Comments(db, notifications, { now: () => clock });
});

const thread = (body: string, extra: Partial<NewComment> = {}): NewComment => ({ boardId: BOARD, cell: CELL, cellLabel: 'A.a · Institutional Development', body, ...extra });
const tick = (ms = 1_000) => (clock += ms);
const error = (fn: () => unknown): AppError => {
	try {
		fn();
	} catch (e) {
		if (isAppError(e)) return e;
		throw e;
	}
	throw new Error('expected an AppError');
};

describe('posting and replying', () => {
	it('starts a thread and threads replies, a reply to a reply joining the same thread', () => {
		const first = comments.post(people.chair, thread('What does SOM-ED plan here?'));
		tick();
		const reply = comments.post(people.somEd1, thread('A regional workshop.', { parentId: first.comment.id }));
		tick();
		const second = comments.post(people.acwc, thread('Count us in.', { parentId: reply.comment.id, cell: OTHER_CELL }));
		expect(reply.threadId).toBe(first.threadId);
		expect(second.threadId).toBe(first.threadId);

		const [t] = comments.threads(BOARD, CELL);
		expect(t.comments.map((c) => [c.authorName, c.body, c.parentId])).toEqual([
			['Chris Chair', 'What does SOM-ED plan here?', null],
			['Edna Delegate', 'A regional workshop.', first.comment.id],
			['Ada Delegate', 'Count us in.', first.comment.id]
		]);
		expect(t.lastActivityAt).toBe(clock);
		expect(comments.threads(BOARD, OTHER_CELL)).toEqual([]);
	});

	it('lists a cell’s threads newest activity first, with the entry a thread is about', () => {
		const old = comments.post(people.chair, thread('Old thread', { entryId: 'e1' }));
		tick();
		comments.post(people.chair, thread('New thread'));
		expect(comments.threads(BOARD, CELL).map((t) => t.comments[0].body)).toEqual(['New thread', 'Old thread']);
		tick();
		comments.post(people.acwc, thread('Revived', { parentId: old.comment.id }));
		const threads = comments.threads(BOARD, CELL);
		expect(threads.map((t) => [t.comments[0].body, t.entryId])).toEqual([
			['Old thread', 'e1'],
			['New thread', null]
		]);
	});

	it('refuses empty and over-long comments, and replies to comments that are not there', () => {
		expect(error(() => comments.post(people.chair, thread('   \n'))).message).toBe('Write something first.');
		expect(error(() => comments.post(people.chair, thread('x'.repeat(MAX_COMMENT_LENGTH + 1)))).status).toBe(400);
		expect(comments.post(people.chair, thread('x'.repeat(MAX_COMMENT_LENGTH))).comment.body).toHaveLength(MAX_COMMENT_LENGTH);
		expect(error(() => comments.post(people.chair, thread('hi', { parentId: 999 }))).status).toBe(404);
		expect(error(() => comments.post(people.chair, thread('hi', { boardId: 'nope' }))).status).toBe(404);
	});

	it('lets only the author edit a comment', () => {
		const { comment } = comments.post(people.chair, thread('Frist'));
		tick();
		expect(comments.edit(people.chair, BOARD, comment.id, 'First')).toMatchObject({ body: 'First', editedAt: clock });
		expect(error(() => comments.edit(people.secretariat, BOARD, comment.id, 'Mine now')).status).toBe(403);
	});
});

describe('who may comment', () => {
	it('refuses observers unless the secretariat allows it', () => {
		const refused = error(() => comments.post(people.observer, thread('May I?')));
		expect(refused.status).toBe(403);
		expect(refused.message).toMatch(/^Observers can read the discussion/);

		expect(error(() => comments.setObserversMayComment(people.chair, BOARD, true)).status).toBe(403);
		comments.setObserversMayComment(people.secretariat, BOARD, true);
		expect(comments.settings(BOARD)).toEqual({ observersMayComment: true });
		expect(comments.post(people.observer, thread('Thank you.')).comment.authorName).toBe('Olive Observer');
	});

	it('keeps the discussion open on a finalized board', () => {
		db.prepare(`UPDATE boards SET status = 'finalized' WHERE id = ?`).run(BOARD);
		expect(comments.post(people.acwc, thread('On the published matrix…')).comment.id).toBeGreaterThan(0);
	});
});

describe('resolving', () => {
	it('is for the thread’s author, the chair and the secretariat; a reply reopens', () => {
		const root = comments.post(people.acwc, thread('Is this still ongoing?'));
		const reply = comments.post(people.somEd1, thread('Yes.', { parentId: root.comment.id }));

		expect(error(() => comments.setResolved(people.somEd1, BOARD, reply.comment.id, true)).status).toBe(403);
		tick();
		const resolved = comments.setResolved(people.acwc, BOARD, reply.comment.id, true);
		expect(resolved).toMatchObject({ id: root.comment.id, resolvedAt: clock, resolvedByName: 'Ada Delegate' });
		expect(comments.setResolved(people.chair, BOARD, root.comment.id, false).resolvedAt).toBeNull();
		comments.setResolved(people.secretariat, BOARD, root.comment.id, true);

		comments.post(people.somEd1, thread('Actually, one more thing.', { parentId: root.comment.id }));
		expect(comments.threads(BOARD, CELL)[0]).toMatchObject({ resolvedAt: null, resolvedByName: null });
	});
});

describe('unread counts', () => {
	it('counts others’ comments made after the reader last read the cell', () => {
		const first = comments.post(people.chair, thread('One'));
		comments.post(people.acwc, thread('Two', { parentId: first.comment.id }));
		comments.post(people.chair, thread('Elsewhere', { cell: OTHER_CELL }));
		expect(comments.counts(BOARD, people.somEd1.id)).toEqual({
			[CELL]: { total: 2, unread: 2, open: 1 },
			[OTHER_CELL]: { total: 1, unread: 1, open: 1 }
		});
		// Your own comments are never unread.
		expect(comments.counts(BOARD, people.chair.id)[CELL]).toEqual({ total: 2, unread: 1, open: 1 });

		const listedAt = tick();
		comments.markRead(people.somEd1.id, BOARD, CELL, listedAt);
		expect(comments.counts(BOARD, people.somEd1.id)[CELL].unread).toBe(0);

		// A comment posted after the reader's listing stays unread, even if the read mark arrives later.
		tick();
		comments.post(people.acwc, thread('Three'));
		tick();
		comments.markRead(people.somEd1.id, BOARD, CELL, listedAt);
		expect(comments.counts(BOARD, people.somEd1.id)[CELL]).toEqual({ total: 3, unread: 1, open: 2 });
	});

	it('reading a cell reads the notifications about it', () => {
		comments.post(people.chair, thread('@SOM-ED here'));
		comments.post(people.chair, thread('@SOM-ED and there', { cell: OTHER_CELL }));
		expect(notifications.unreadCount(people.somEd1.id)).toBe(2);
		comments.markRead(people.somEd1.id, BOARD, CELL, tick());
		expect(notifications.list(people.somEd1.id).map((n) => [n.cell, n.readAt !== null])).toEqual([
			[OTHER_CELL, false],
			[CELL, true]
		]);
	});
});

describe('mentions and notifications', () => {
	it('a body mention notifies each active delegate of the body, not the author, and records the mention', () => {
		const { comment, notified } = comments.post(people.somEd1, thread('@SOM-ED please review, and @ACWC too'));
		expect(notified.sort()).toEqual([people.somEd2.id, people.acwc.id].sort());
		expect(notifications.unreadCount(people.somEd1.id)).toBe(0);
		expect(notifications.unreadCount(people.formerSomEd.id)).toBe(0);
		expect(notifications.unreadCount(people.chair.id)).toBe(0);
		const [n] = notifications.list(people.somEd2.id);
		expect(n).toMatchObject({
			reason: 'body',
			bodyCode: 'SOM-ED',
			commentId: comment.id,
			boardId: BOARD,
			boardTitle: 'Test board',
			cell: CELL,
			cellLabel: 'A.a · Institutional Development',
			authorName: 'Edna Delegate',
			excerpt: '@SOM-ED please review, and @ACWC too',
			readAt: null
		});
		const mentions = db.prepare(`SELECT user_id AS userId, body_code AS bodyCode FROM comment_mentions WHERE comment_id = ?`).all(comment.id);
		expect(mentions).toEqual([
			{ userId: null, bodyCode: 'SOM-ED' },
			{ userId: null, bodyCode: 'ACWC' }
		]);
	});

	it('a body mention reaches the chair when it is the chair’s body', () => {
		expect(comments.post(people.acwc, thread('@SOMTC?')).notified).toEqual([people.chair.id]);
	});

	it('a person is notified once per comment, by name or email, direct mention first', () => {
		const { notified } = comments.post(people.chair, thread('@Edna Delegate (@edna.delegate@x.test) and @SOM-ED'));
		expect(notified).toEqual([people.somEd1.id, people.somEd2.id]);
		expect(notifications.list(people.somEd1.id).map((n) => n.reason)).toEqual(['mention']);
	});

	it('a reply notifies the thread’s participants; an edit notifies only the newly mentioned', () => {
		const root = comments.post(people.chair, thread('Plan?'));
		comments.post(people.acwc, thread('Ours is drafted.', { parentId: root.comment.id }));
		const reply = comments.post(people.somEd1, thread('Ours too.', { parentId: root.comment.id }));
		expect(reply.notified.sort()).toEqual([people.chair.id, people.acwc.id].sort());
		expect(notifications.list(people.acwc.id)[0].reason).toBe('reply');

		const chairBefore = notifications.list(people.chair.id);
		expect(chairBefore.map((n) => n.commentId)).toContain(reply.comment.id);
		comments.edit(people.somEd1, BOARD, reply.comment.id, 'Ours too, @Chris Chair. cc @Sam Secretariat');
		expect(notifications.list(people.chair.id).map((n) => [n.id, n.reason])).toEqual(chairBefore.map((n) => [n.id, n.reason]));
		expect(notifications.list(people.secretariat.id).map((n) => n.reason)).toEqual(['mention']);
	});

	it('marks one, then all, of a person’s own notifications read', () => {
		comments.post(people.chair, thread('@Edna Delegate one'));
		comments.post(people.chair, thread('@Edna Delegate two'));
		const [two, one] = notifications.list(people.somEd1.id);
		notifications.markRead(people.acwc.id, [two.id], tick());
		expect(notifications.unreadCount(people.somEd1.id)).toBe(2);
		notifications.markRead(people.somEd1.id, [two.id], tick());
		expect(notifications.list(people.somEd1.id).map((n) => n.readAt)).toEqual([clock, null]);
		notifications.markRead(people.somEd1.id, 'all', tick());
		expect(notifications.unreadCount(people.somEd1.id)).toBe(0);
		expect(one.id).not.toBe(two.id);
	});
});

describe('history and export', () => {
	it('gives the cell’s comment events for the timeline, merged newest first with its changes', () => {
		const root = comments.post(people.chair, thread('Why moved?'));
		tick();
		comments.setResolved(people.chair, BOARD, root.comment.id, true);
		const events = comments.timeline(BOARD, CELL);
		expect(events.map((e) => [e.kind, e.userName, e.at])).toEqual([
			['resolved', 'Chris Chair', 1_001_000],
			['comment', 'Chris Chair', 1_000_000]
		]);
		const change = { id: 1, cell: CELL, kind: 'lead', entryId: null, before: null, after: 'SOMTC', updatedAt: 1_000_500 } as HistoryRow;
		expect(mergeTimeline([change], events).map((i) => i.type)).toEqual(['comment', 'change', 'comment']);
	});

	it('says who did what in words, with the body the history filters by', () => {
		const root = comments.post(people.acwc, thread('Why moved?'));
		tick();
		comments.post(people.somEd1, thread('It fits better.', { parentId: root.comment.id }));
		tick();
		comments.setResolved(people.chair, BOARD, root.comment.id, true);
		const events = comments.timeline(BOARD, CELL);
		expect(events.map((e) => [commentEventVerb(e), e.userName, e.userBody, e.body])).toEqual([
			['resolved the thread', 'Chris Chair', 'SOMTC', 'Why moved?'],
			['replied', 'Edna Delegate', 'SOM-ED', 'It fits better.'],
			['commented', 'Ada Delegate', 'ACWC', 'Why moved?']
		]);
		expect(events.filter((e) => commentEventMatches(e, { body: 'SOM-ED' })).map((e) => e.kind)).toEqual(['comment']);
		expect(events.filter((e) => commentEventMatches(e, { userId: people.chair.id })).map((e) => e.kind)).toEqual(['resolved']);
		expect(commentExcerpt('a\n  b')).toBe('a b');
		expect(commentExcerpt('x'.repeat(300))).toHaveLength(200);
		expect(commentExcerpt('x'.repeat(300)).endsWith('…')).toBe(true);
	});

	it('lists every thread of the board for the docx annex', () => {
		const root = comments.post(people.chair, thread('First'));
		comments.post(people.acwc, thread('Reply', { parentId: root.comment.id }));
		comments.post(people.acwc, thread('Other', { cell: OTHER_CELL, cellLabel: 'B.a · Research Development' }));
		expect(comments.listCommentsForExport(BOARD).map((t) => [t.cellLabel, t.comments.map((c) => c.body)])).toEqual([
			['A.a · Institutional Development', ['First', 'Reply']],
			['B.a · Research Development', ['Other']]
		]);
	});
});

describe('describeCell', () => {
	const board = readBoard(seededDocs());
	it('labels a cell of the board and checks the entry is in it', () => {
		const entry = board.entries.find((e) => e.provision === 'A.a' && e.category === 'institutional')!;
		expect(describeCell(board, CELL, null)).toEqual({ label: 'A.a · Institutional Development' });
		expect(describeCell(board, CELL, entry.id)).toEqual({ label: 'A.a · Institutional Development' });
		expect(describeCell(board, 'A.b|institutional', entry.id)).toEqual({ problem: 'This cell has no such entry.' });
		expect(describeCell(board, 'Z.z|institutional', null)).toEqual({ problem: 'This board has no such cell.' });
		expect(describeCell(board, 'nonsense', null)).toEqual({ problem: 'This board has no such cell.' });
	});
});
