import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '$lib/board/view';
import { closeAppContext, createAppContext, type AppContext } from '$lib/server/app-context';
import { createBoard, newBoardProblem } from '$lib/server/boards/new-board';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('new boards', () => {
	let ctx: AppContext;
	beforeAll(() => {
		ctx = createAppContext({ dataDir: tmpdir(), dbPath: ':memory:', seedsDir: join(ROOT, 'seeds'), demo: false, port: 0, host: '127.0.0.1', origin: undefined });
	});
	afterAll(() => closeAppContext(ctx));

	it('explains what is wrong with the fields', () => {
		expect(newBoardProblem({ title: ' ', asOf: '', template: 'empty' })).toBe('Give the board a title.');
		expect(newBoardProblem({ title: 'T', asOf: '2027-13-45', template: 'empty' })).toBe('The "as of" date must be a date (YYYY-MM-DD).');
		expect(newBoardProblem({ title: 'T', asOf: '', template: 'nope' })).toBe('Choose what the board starts from.');
		expect(newBoardProblem({ title: 'T', asOf: '2027-01-15', template: 'apa-provisions' })).toBeNull();
	});

	it('builds each template: empty, the 44 provisions, the 2016 matrix', () => {
		const empty = createBoard(ctx, { title: 'Blank', asOf: null, template: 'empty' }, null);
		const rows = createBoard(ctx, { title: 'Work plan', asOf: '2027-01-15', template: 'apa-provisions' }, null);
		const full = createBoard(ctx, { title: 'Copy of 2016', asOf: null, template: 'apa-2016' }, null);
		const view = (id: string) => readBoard(ctx.store.loadBoard(id));
		expect(view(empty.id)).toMatchObject({ title: 'Blank', provisions: [], entries: [] });
		expect(view(empty.id).categories).toHaveLength(4);
		expect(view(rows.id).provisions).toHaveLength(44);
		expect(view(rows.id)).toMatchObject({ asOf: '2027-01-15', entries: [] });
		expect(rows.asOf).toBe('2027-01-15');
		expect(view(full.id).entries).toHaveLength(115);
		// Stored as a plan and one document per body that has entries (eight of the ten in 2016).
		expect(ctx.store.docNames(full.id).sort()).toEqual(
			['plan', ...['ACWC', 'AICHR', 'DGICM', 'SLOM', 'SOM-ED', 'SOMHD', 'SOMSWD', 'SOMTC'].map((b) => `body:${b}`)].sort()
		);
		expect(ctx.store.docNames(empty.id)).toEqual(['plan']);
		expect(full.asOf).toBe('2016-05-31');
		expect(ctx.boards.list().map((b) => b.id)).toEqual(expect.arrayContaining([empty.id, rows.id, full.id]));
		// Same title twice: a second, distinct id.
		expect(createBoard(ctx, { title: 'Blank', asOf: null, template: 'empty' }, null).id).not.toBe(empty.id);
	});
});
