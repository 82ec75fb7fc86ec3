import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { decisionsMap, mapOf, PLAN_DOC } from '$lib/board/doc';
import type { UserActor } from '$lib/board/permissions';
import { readBoard } from '$lib/board/view';
import { isoDay, reportDocName, type ReportEvent } from '$lib/monitoring/reports';
import { agreedActivities, readReport, setItemFields, setNarrative } from '$lib/monitoring/report-doc';
import { activityHistory, reportSteps, type ReportHistoryRow } from '$lib/monitoring/report-history';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import type * as Y from 'yjs';
import * as reportRoute from '../../src/routes/api/boards/[id]/periods/[periodId]/reports/[body]/+server';
import { APA_BOARD, signIn, type TestUser } from '../helpers/collab-server';
import { connectDoc, type DocClient } from '../helpers/report-client';
import { refusal } from '../helpers/refusal';
import { callRoute } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';

// Reporting periods and progress reports on the real server, per role: the
// workflow through its services (the HTTP routes are thin wrappers over
// them), the report documents through real clients over the board's socket.

const bed = serverTestBed();
let chair: TestUser;
let secretariat: TestUser;
let somEd: TestUser;
let somEd2: TestUser;
let somtc: TestUser;
let observer: TestUser;

const ctx = () => bed.server!.running.ctx;
const actor = (u: TestUser): UserActor => ({ id: u.id, role: u.role, body: u.body });
const USER = { source: 'user' } as const;
const day = (offset: number) => isoDay(Date.now() + offset * 86_400_000);
const OPEN = { opensOn: day(-10), closesOn: day(10) };

beforeAll(() => {
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
	vi.restoreAllMocks();
});

beforeEach(async () => {
	await bed.start();
	chair = signIn(ctx(), { role: 'chair', body: 'SOMTC', name: 'Chris Chair' });
	secretariat = signIn(ctx(), { role: 'secretariat', name: 'Sam Secretariat' });
	somEd = signIn(ctx(), { role: 'delegate', body: 'SOM-ED', name: 'Edna Delegate' });
	somEd2 = signIn(ctx(), { role: 'delegate', body: 'SOM-ED', name: 'Eddie Delegate' });
	somtc = signIn(ctx(), { role: 'delegate', body: 'SOMTC', name: 'Tom Delegate' });
	observer = signIn(ctx(), { role: 'observer', name: 'Olga Observer' });
});

const period = (label = '2026', window = OPEN) => ctx().reporting.createPeriod(APA_BOARD, { label, ...window }, actor(secretariat));
const act = (who: TestUser, periodId: number, action: 'submit' | 'return' | 'approve', comment: string | null = null, body = 'SOM-ED') =>
	ctx().reporting.act(APA_BOARD, periodId, body, action, comment, actor(who));

/** Records agreement on the first of SOM-ED's entries (as the chair does on the board); returns its id. */
function agreeSomEdEntry(): string {
	const entry = readBoard(ctx().rooms.readDocs(APA_BOARD)).entries.find((e) => e.body === 'SOM-ED')!;
	ctx().rooms.change(APA_BOARD, PLAN_DOC, { userId: chair.id, name: 'Chris Chair', role: 'chair', body: 'SOMTC' }, (plan) =>
		decisionsMap(plan).set(entry.id, mapOf({ state: 'agreed', by: chair.id, at: Date.now(), meeting: null }) as Y.Map<unknown>)
	);
	return entry.id;
}

/** A period (open now unless told) with SOM-ED's report prepared on its one agreed activity. */
function preparedReport(label = '2026', window = OPEN) {
	const entryId = agreeSomEdEntry();
	const p = period(label, window);
	ctx().reporting.prepareReport(APA_BOARD, p.id, 'SOM-ED');
	return { entryId, p, name: reportDocName(p.id, 'SOM-ED') };
}

const clients: DocClient[] = [];
async function open(who: TestUser, docName: string): Promise<DocClient> {
	const c = connectDoc(bed.server!.wsUrl, APA_BOARD, docName, who.token);
	clients.push(c);
	bed.clients.push({ destroy: () => c.destroy() } as never);
	await c.synced();
	return c;
}
const serverReport = (docName: string) => readReport(ctx().rooms.loaded(APA_BOARD, docName)!.doc);
const closedWith = (c: DocClient, code: number) => waitFor(() => c.closes.find((x) => x.code === code), { what: `a ${code} close` });

describe('reporting periods', () => {
	it('only the secretariat creates and locks them; windows and names are checked', () => {
		for (const who of [chair, somEd, observer]) {
			expect(refusal(() => ctx().reporting.createPeriod(APA_BOARD, { label: '2026', ...OPEN }, actor(who)))).toEqual({
				status: 403,
				message: 'Only the secretariat manages reporting periods.'
			});
		}
		expect(refusal(() => period(' ')).status).toBe(400);
		expect(refusal(() => period('2026', { opensOn: '2026-02-30', closesOn: '2026-03-01' })).status).toBe(400);
		expect(refusal(() => period('2026', { opensOn: '2026-03-02', closesOn: '2026-03-01' })).status).toBe(400);
		const p = period('H1 2026');
		expect(p).toMatchObject({ label: 'H1 2026', ...OPEN, lockedAt: null });
		expect(refusal(() => period('H1 2026')).status).toBe(409);
		expect(ctx().periods.list(APA_BOARD).map((x) => x.label)).toEqual(['H1 2026']);
		expect(refusal(() => ctx().reporting.lockPeriod(APA_BOARD, p.id, actor(chair))).status).toBe(403);
		expect(ctx().reporting.lockPeriod(APA_BOARD, p.id, actor(secretariat))).toMatchObject({ lockedByName: 'Sam Secretariat' });
		expect(refusal(() => ctx().reporting.lockPeriod(APA_BOARD, p.id, actor(secretariat))).status).toBe(409);
		expect(refusal(() => ctx().reporting.lockPeriod(APA_BOARD, p.id + 99, actor(secretariat))).status).toBe(404);
	});
});

describe('the workflow of a report', () => {
	it('submitted → returned with a comment → resubmitted → approved, per role, attributed', () => {
		const p = period();
		expect(refusal(() => act(somtc, p.id, 'submit')).status).toBe(403);
		expect(refusal(() => act(chair, p.id, 'submit')).status).toBe(403);
		expect(refusal(() => act(observer, p.id, 'submit')).status).toBe(403);
		expect(refusal(() => act(secretariat, p.id, 'approve')).status).toBe(409);
		expect(act(somEd, p.id, 'submit').status).toBe('submitted');
		expect(refusal(() => act(somEd2, p.id, 'submit')).status).toBe(409);
		expect(refusal(() => act(somEd, p.id, 'return', 'mine')).status).toBe(403);
		expect(refusal(() => act(chair, p.id, 'approve')).status).toBe(403);
		expect(refusal(() => act(secretariat, p.id, 'return', '  '))).toMatchObject({ status: 400 });
		expect(act(secretariat, p.id, 'return', 'Add the evidence links.').status).toBe('returned');
		expect(act(somEd2, p.id, 'submit').status).toBe('submitted');
		expect(act(secretariat, p.id, 'approve').status).toBe('approved');
		expect(refusal(() => act(somEd, p.id, 'submit')).status).toBe(409);
		expect(refusal(() => act(secretariat, p.id, 'return', 'again')).status).toBe(409);
		expect(ctx().periods.events(p.id, 'SOM-ED').map((e) => [e.kind, e.userName, e.comment])).toEqual([
			['submitted', 'Edna Delegate', null],
			['returned', 'Sam Secretariat', 'Add the evidence links.'],
			['resubmitted', 'Eddie Delegate', null],
			['approved', 'Sam Secretariat', null]
		]);
		expect(refusal(() => act(somEd, p.id, 'submit', null, 'NOPE')).status).toBe(404);
	});

	it('a draft is submitted within its window only; the secretariat reports late; a locked period takes nothing', () => {
		const early = period('2027', { opensOn: day(5), closesOn: day(30) });
		const late = period('2025', { opensOn: day(-30), closesOn: day(-5) });
		expect(refusal(() => act(somEd, early.id, 'submit')).message).toMatch(/opens on/);
		expect(refusal(() => act(somEd, late.id, 'submit')).message).toMatch(/closed on/);
		expect(act(secretariat, late.id, 'submit').status).toBe('submitted');
		expect(act(secretariat, late.id, 'return', 'One more line.').status).toBe('returned');
		// A returned report may be fixed after the window: the return reopened it.
		expect(act(somEd, late.id, 'submit').status).toBe('submitted');
		const open = period();
		ctx().reporting.lockPeriod(APA_BOARD, open.id, actor(secretariat));
		expect(refusal(() => act(somEd, open.id, 'submit')).message).toMatch(/approved and locked/);
		expect(refusal(() => act(secretariat, open.id, 'submit')).message).toMatch(/approved and locked/);
	});
});

describe('the report document on the socket', () => {
	it('two delegates of the body fill it together; other bodies, the chair and observers are refused', async () => {
		const entryId = agreeSomEdEntry();
		expect(agreedActivities(readBoard(ctx().rooms.readDocs(APA_BOARD)), 'SOM-ED').map((e) => e.id)).toEqual([entryId]);
		const p = period();
		const name = reportDocName(p.id, 'SOM-ED');
		ctx().reporting.prepareReport(APA_BOARD, p.id, 'SOM-ED');
		const a = await open(somEd, name);
		const b = await open(somEd2, name);
		setItemFields(a.doc, entryId, { status: 'ongoing', indicator: 'Teachers trained', unit: 'people', target: 200, actual: 80 }, USER);
		setNarrative(b.doc, entryId, 'Two workshops held.', USER);
		await waitFor(() => readReport(a.doc)[entryId]?.narrative === 'Two workshops held.' && readReport(b.doc)[entryId]?.actual === 80);
		expect(serverReport(name)[entryId]).toMatchObject({ status: 'ongoing', narrative: 'Two workshops held.', target: 200, actual: 80 });

		for (const who of [somtc, chair, observer]) {
			const c = await open(who, name);
			setItemFields(c.doc, entryId, { status: 'dropped' }, USER);
			expect((await closedWith(c, CLOSE_CODES.forbidden)).reason).toMatch(/SOM-ED delegates and the secretariat|Observers/);
		}
		const s = await open(secretariat, name);
		setItemFields(s.doc, entryId, { evidence: 'https://example.org/report.pdf' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.evidence.length === 1);
		expect(serverReport(name)[entryId].status).toBe('ongoing');
	});

	it('a submitted report closes its editors and takes no more writes until returned; a locked period takes none', async () => {
		const { entryId, p, name } = preparedReport();
		const a = await open(somEd, name);
		setItemFields(a.doc, entryId, { status: 'ongoing' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.status === 'ongoing');
		act(somEd, p.id, 'submit');
		await closedWith(a, CLOSE_CODES.statusChanged);
		const late = await open(somEd2, name);
		expect(readReport(late.doc)[entryId].status).toBe('ongoing');
		setItemFields(late.doc, entryId, { status: 'completed' }, USER);
		expect((await closedWith(late, CLOSE_CODES.forbidden)).reason).toMatch(/submitted/);
		expect(serverReport(name)[entryId].status).toBe('ongoing');

		act(secretariat, p.id, 'return', 'Is it completed?');
		const fixer = await open(somEd2, name);
		setItemFields(fixer.doc, entryId, { status: 'completed' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.status === 'completed');
		act(somEd2, p.id, 'submit');
		act(secretariat, p.id, 'approve');
		ctx().reporting.lockPeriod(APA_BOARD, p.id, actor(secretariat));
		for (const who of [somEd, secretariat]) {
			const c = await open(who, name);
			setItemFields(c.doc, entryId, { status: 'dropped' }, USER);
			expect((await closedWith(c, CLOSE_CODES.forbidden)).reason).toMatch(/approved and locked/);
		}
		expect(serverReport(name)[entryId].status).toBe('completed');
	});

	it('only the report data model fits; reports of unknown periods or bodies do not exist', async () => {
		const p = period();
		const name = reportDocName(p.id, 'SOM-ED');
		const a = await open(somEd, name);
		a.doc.getMap('items').set('x', 'not an item');
		expect((await closedWith(a, CLOSE_CODES.doesNotFit)).reason).toMatch(/items/);
		const b = await open(somEd, name);
		b.doc.getMap('entries').set('x', 1);
		await closedWith(b, CLOSE_CODES.doesNotFit);
		for (const missing of [reportDocName(p.id + 7, 'SOM-ED'), reportDocName(p.id, 'NOPE')]) {
			const c = connectDoc(bed.server!.wsUrl, APA_BOARD, missing, somEd.token);
			bed.clients.push({ destroy: () => c.destroy() } as never);
			await closedWith(c, CLOSE_CODES.unknownDocument);
		}
	});
});

describe('the history of a report', () => {
	it('records who changed which field of which activity, from the session of each connection, beside the workflow steps', async () => {
		const { entryId, p, name } = preparedReport();
		expect(ctx().history.forReport(p.id, 'SOM-ED')).toEqual([]);
		const a = await open(somEd, name);
		const b = await open(somEd2, name);
		setItemFields(a.doc, entryId, { status: 'ongoing', target: 200 }, USER);
		await waitFor(() => serverReport(name)[entryId]?.target === 200);
		// Typing: two updates by the same person in a burst make one row.
		setNarrative(b.doc, entryId, 'Two workshops', USER);
		setNarrative(b.doc, entryId, 'Two workshops held.', USER);
		await waitFor(() => serverReport(name)[entryId]?.narrative === 'Two workshops held.');
		const s = await open(secretariat, name);
		setItemFields(s.doc, entryId, { evidence: 'https://example.org/a.pdf' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.evidence.length === 1);
		act(somEd2, p.id, 'submit');

		const rows = ctx().history.forReport(p.id, 'SOM-ED');
		expect(rows.map((r) => [r.entryId, r.field, r.userName, r.body, r.before, r.after]).reverse()).toEqual([
			[entryId, 'status', 'Edna Delegate', 'SOM-ED', 'not-started', 'ongoing'],
			[entryId, 'target', 'Edna Delegate', 'SOM-ED', null, 200],
			[entryId, 'narrative', 'Eddie Delegate', 'SOM-ED', '', 'Two workshops held.'],
			[entryId, 'evidence', 'Sam Secretariat', null, [], ['https://example.org/a.pdf']]
		]);
		// What the report page reads: the activity's changes among the report's steps, newest first.
		const { status, data } = await callRoute(reportRoute.GET, {
			user: { id: observer.id, email: 'olga@x.test', name: 'Olga Observer', role: 'observer', body: null },
			params: { periodId: String(p.id), body: 'SOM-ED' }
		});
		expect(status).toBe(200);
		const fetched = data as { changes: ReportHistoryRow[]; events: ReportEvent[] };
		const timeline = activityHistory(entryId, fetched.changes, reportSteps(fetched.events, ctx().periods.get(APA_BOARD, p.id)!));
		expect(timeline[0]).toMatchObject({ type: 'step', step: { kind: 'submitted', userName: 'Eddie Delegate' } });
		expect(timeline.filter((i) => i.type === 'change')).toHaveLength(4);
	});

	it('coalesces only one person’s burst on one field: another field or person starts a row', async () => {
		const { entryId, p, name } = preparedReport();
		const a = await open(somEd, name);
		const b = await open(somEd2, name);
		setNarrative(a.doc, entryId, 'Planned', USER);
		await waitFor(() => readReport(b.doc)[entryId]?.narrative === 'Planned');
		setNarrative(b.doc, entryId, 'Planned for May', USER);
		await waitFor(() => readReport(a.doc)[entryId]?.narrative === 'Planned for May');
		setNarrative(a.doc, entryId, 'Planned for May 2026', USER);
		setItemFields(a.doc, entryId, { unit: 'people' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.unit === 'people');
		const rows = ctx().history.forReport(p.id, 'SOM-ED').reverse();
		expect(rows.map((r) => [r.field, r.userName, r.before, r.after])).toEqual([
			['narrative', 'Edna Delegate', '', 'Planned'],
			['narrative', 'Eddie Delegate', 'Planned', 'Planned for May'],
			['narrative', 'Edna Delegate', 'Planned for May', 'Planned for May 2026'],
			['unit', 'Edna Delegate', '', 'people']
		]);
	});
});

describe('choices of the reporting rules', () => {
	it('a finalized board still takes reports: the plan is frozen, its monitoring goes on', async () => {
		const { entryId, p, name } = preparedReport();
		ctx().boards.setStatus(APA_BOARD, 'finalized');
		const board = await open(somEd, 'body:SOM-ED');
		board.doc.getMap('entries').delete(entryId);
		expect((await closedWith(board, CLOSE_CODES.forbidden)).reason).toMatch(/finalized/);
		const report = await open(somEd, name);
		setItemFields(report.doc, entryId, { status: 'completed' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.status === 'completed');
		expect(act(somEd, p.id, 'submit').status).toBe('submitted');
	});

	it('after the window the secretariat may still fill a draft (attributed to it), the body no longer', async () => {
		const { entryId, p, name } = preparedReport('2025', { opensOn: day(-30), closesOn: day(-5) });
		const late = await open(somEd, name);
		setItemFields(late.doc, entryId, { status: 'ongoing' }, USER);
		expect((await closedWith(late, CLOSE_CODES.forbidden)).reason).toMatch(/closed on/);
		const s = await open(secretariat, name);
		setNarrative(s.doc, entryId, 'Sent by SOM-ED by email on the last day.', USER);
		await waitFor(() => serverReport(name)[entryId]?.narrative.startsWith('Sent by SOM-ED'));
		expect(serverReport(name)[entryId].status).toBe('not-started');
		expect(ctx().history.forReport(p.id, 'SOM-ED').map((r) => [r.field, r.userName, r.body])).toEqual([['narrative', 'Sam Secretariat', null]]);
	});

	it('locking a period closes its editors; every later write is refused with 4403 and nothing is stored', async () => {
		const { entryId, p, name } = preparedReport();
		const editor = await open(somEd, name);
		setItemFields(editor.doc, entryId, { status: 'ongoing' }, USER);
		await waitFor(() => serverReport(name)[entryId]?.status === 'ongoing');
		// Locked while the report is still a draft: the lock alone refuses.
		ctx().reporting.lockPeriod(APA_BOARD, p.id, actor(secretariat));
		await closedWith(editor, CLOSE_CODES.statusChanged);
		const seq = ctx().store.lastSeq(APA_BOARD);
		const rows = ctx().history.forReport(p.id, 'SOM-ED').length;
		for (const who of [somEd, somEd2, secretariat]) {
			const c = await open(who, name);
			setNarrative(c.doc, entryId, `Written by ${who.id} after the lock`, USER);
			expect((await closedWith(c, CLOSE_CODES.forbidden)).reason).toMatch(/approved and locked/);
		}
		expect(ctx().store.lastSeq(APA_BOARD)).toBe(seq);
		expect(ctx().history.forReport(p.id, 'SOM-ED')).toHaveLength(rows);
		expect(serverReport(name)[entryId]).toMatchObject({ status: 'ongoing', narrative: '' });
		expect(readReport(ctx().store.load(APA_BOARD, name).doc)[entryId]).toMatchObject({ status: 'ongoing', narrative: '' });
	});
});
