import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyOfDocName, PLAN_DOC } from '$lib/board/doc';
import { readBoard, type BoardView } from '$lib/board/view';
import { LEGACY_DOC } from '$lib/server/collab/doc-store';
import { appendText, entryText } from '../helpers/board-edits';
import { APA_BOARD, dbPathOf, signIn, tempDataDir } from '../helpers/collab-server';
import { serverTestBed } from '../helpers/server-bed';
import { waitFor } from '../helpers/wait';
import { PEOPLE } from '../helpers/people';

// A database made by the first release (one Yjs document per board; see
// tests/fixtures/README.md) is split on start into the plan and one document
// per body, losing no entry, history row, version or comment's link to its entry.

const FIXTURE = new URL('../fixtures/', import.meta.url);
const facts = JSON.parse(readFileSync(new URL('release-0.1.json', FIXTURE), 'utf8'));
const bed = serverTestBed();

/** Puts the first release's database in a fresh DATA_DIR, as an upgrade finds it. */
function restoreFixture(dataDir: string): void {
	const db = new Database(dbPathOf(dataDir));
	db.exec(readFileSync(new URL('release-0.1.sql', FIXTURE), 'utf8'));
	expect(db.pragma('user_version', { simple: true })).toBe(6);
	db.close();
}

async function migrated() {
	bed.dataDir = tempDataDir();
	restoreFixture(bed.dataDir);
	const server = await bed.start();
	return server.running.ctx;
}

const entry = (view: BoardView, id: string) => view.entries.find((e) => e.id === id);


describe('migrating a database of the first release', () => {
	it('splits the board into the plan and one document per body, every entry kept with its id', async () => {
		const ctx = await migrated();
		const names = ctx.store.docNames(APA_BOARD);
		expect(names).toContain(PLAN_DOC);
		expect(names.every((n) => n === PLAN_DOC || bodyOfDocName(n))).toBe(true);
		const view = readBoard(ctx.rooms.readDocs(APA_BOARD));
		expect(view.title).toBe(facts.title);
		expect(view.asOf).toBe(facts.asOf);
		expect(view.entries).toHaveLength(facts.entryCount);
		expect(view.provisions).toHaveLength(facts.provisionCount);
		expect(view.categories).toEqual(facts.categories);
		for (const added of facts.added) expect(entry(view, added.id)).toMatchObject({ body: added.body, provision: added.provision, category: added.category, text: added.text });
		expect(entry(view, facts.edited.id)).toMatchObject({ body: facts.edited.body, text: facts.edited.text });
		expect(view.provisions.find((p) => p.id === facts.rewordedProvision.id)!.text).toBe(facts.rewordedProvision.text);
		expect(view.leads).toEqual(facts.leads);
		// Each body's entries are in that body's document, and nowhere else.
		const docs = ctx.rooms.readDocs(APA_BOARD);
		for (const e of view.entries) expect(docs.bodyOfEntry(e.id)).toBe(e.body);
	});

	it('turns "agreed" into decisions in the plan, attributed from history; the body keeps its own progress', async () => {
		const ctx = await migrated();
		const view = readBoard(ctx.rooms.readDocs(APA_BOARD));
		for (const a of facts.agreed) {
			const e = entry(view, a.id)!;
			expect(e.status).toBe('agreed');
			expect(e.progress).toBe('proposed');
			expect(e.decision).toMatchObject({ state: 'agreed', by: a.agreedBy, meeting: facts.meeting.id });
		}
		for (const o of facts.ongoing) expect(entry(view, o.id)).toMatchObject({ status: 'ongoing', progress: 'ongoing' });
		expect(view.entries.filter((e) => e.decision)).toHaveLength(facts.agreed.length);
	});

	it('keeps every history row, version (readable in the new model), comment link and the meeting', async () => {
		const ctx = await migrated();
		const count = (sql: string) => ctx.db.prepare(sql).pluck().get() as number;
		expect(count('SELECT COUNT(*) FROM cell_history')).toBe(facts.cellHistoryRows);
		expect(count('SELECT COUNT(*) FROM structure_history')).toBe(facts.structureHistoryRows);
		const labels = ctx.versions.list(APA_BOARD).map((v) => v.label);
		expect(labels).toEqual(facts.versions.map((v: { label: string }) => v.label));
		for (const label of labels) {
			const docs = ctx.versions.docs(APA_BOARD, label)!;
			const v = readBoard(docs);
			expect(v.provisions.length, label).toBe(facts.provisionCount);
			expect(v.entries.length, label).toBeGreaterThanOrEqual(facts.entryCount - facts.added.length);
		}
		const before = readBoard(ctx.versions.docs(APA_BOARD, 'Before migration')!);
		for (const a of facts.agreed) expect(entry(before, a.id)?.status).toBe('agreed');
		expect(count(`SELECT COUNT(*) FROM versions WHERE format = 'doc'`)).toBe(0);
		const live = readBoard(ctx.rooms.readDocs(APA_BOARD));
		for (const c of facts.comments) {
			const row = ctx.db.prepare('SELECT cell_key AS cell, entry_id AS entryId FROM comments WHERE id = ?').get(c.id) as { cell: string; entryId: string | null };
			expect(row).toEqual({ cell: c.cell, entryId: c.entryId });
			if (c.entryId) expect(entry(live, c.entryId)).toBeDefined();
		}
		expect(ctx.meetings.get(APA_BOARD, facts.meeting.id)).toMatchObject({ title: facts.meeting.title, agenda: facts.meeting.agenda });
		// The first release's document stays in the log, never loaded again.
		expect(count(`SELECT COUNT(*) FROM doc_checkpoints WHERE doc = '${LEGACY_DOC}'`)).toBeGreaterThan(0);
	});

	it('runs once: a restart leaves the split board alone, and people edit it over the new documents', async () => {
		const ctx = await migrated();
		const seq = ctx.store.lastSeq(APA_BOARD);
		const { token } = signIn(ctx, PEOPLE.somed);
		const client = await bed.client(token);
		appendText(client.docs, facts.edited.id, ' — after the upgrade');
		await waitFor(() => entryText(ctx.rooms.readDocs(APA_BOARD), facts.edited.id)?.endsWith('after the upgrade'), { what: 'an edit after the upgrade' });
		expect(ctx.store.lastSeq(APA_BOARD)).toBeGreaterThan(seq);
		client.destroy();
		bed.clients.length = 0;
		const again = (await bed.start()).running.ctx;
		const view = readBoard(again.rooms.readDocs(APA_BOARD));
		expect(entry(view, facts.edited.id)!.text).toBe(`${facts.edited.text} — after the upgrade`);
		expect(view.entries).toHaveLength(facts.entryCount);
	});
});
