import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardDocs } from '$lib/board/doc';
import * as edit from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { encodeBoardBundle } from '$lib/server/board-bundle';
import { Boards } from '$lib/server/boards';
import { openDatabase, type Db } from '$lib/server/db';
import { DocStore } from '$lib/server/doc-store';
import { AppError } from '$lib/server/app-error';
import { listVersionLabels, loadExportModel, loadVersionDocs } from '$lib/server/export/source';
import { exportFileName } from '$lib/server/export/format';
import { registryBodies, seededDocsWithLeads } from '../helpers/export-model';

const SQL_INSERT_BODY = `INSERT INTO bodies (code, name, pillar, parent, position) VALUES (?, ?, ?, ?, ?)`;
const SQL_HAS_VERSIONS = `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'`;
const SQL_INSERT_VERSION = `INSERT INTO versions (board_id, label, state, seq, created_at) VALUES (?, ?, ?, 0, ?)`;

describe('loading a board for export', () => {
	let db: Db;
	let store: DocStore;
	let boards: Boards;
	let docs: BoardDocs;
	beforeEach(() => {
		db = openDatabase(':memory:');
		registryBodies().forEach((b, i) => db.prepare(SQL_INSERT_BODY).run(b.code, b.name, b.pillar, b.parent, i));
		store = new DocStore(db);
		boards = new Boards(db, store);
		docs = seededDocsWithLeads();
		boards.create({ id: 'apa-2016', title: 'APA test board', asOf: '2016-05-31', createdBy: null }, docs);
	});
	afterEach(() => db.close());

	const src = () => ({ db, boards, readDocs: () => docs });

	it('builds the model of the current state with the registry and the board record', () => {
		const model = loadExportModel(src(), 'apa-2016');
		expect(model.board).toEqual({ id: 'apa-2016', title: 'APA test board', asOf: '2016-05-31', status: 'open', version: null });
		expect(model.bodies.map((b) => b.code)).toContain('ACMW');
		expect(exportFileName(model, 'xlsx')).toBe('apa-2016-2016-05-31.xlsx');
	});

	it('answers 404 for an unknown board or version', () => {
		expect(() => loadExportModel(src(), 'nope')).toThrow(AppError);
		try {
			loadExportModel(src(), 'apa-2016', 'No such label');
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(AppError);
			expect((e as AppError).status).toBe(404);
			expect((e as Error).message).toBe('No version named “No such label” on this board.');
		}
	});

	it('exports a named version from its saved state, not the live one', (ctx) => {
		if (!db.prepare(SQL_HAS_VERSIONS).get()) return ctx.skip();
		db.prepare(SQL_INSERT_VERSION).run('apa-2016', 'Before the June meeting', Buffer.from(encodeBoardBundle(docs)), Date.now());
		edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Added after the version' }, { source: 'server' });
		expect(listVersionLabels(db, 'apa-2016').map((v) => v.label)).toContain('Before the June meeting');
		expect(readBoard(loadVersionDocs(db, 'apa-2016', 'Before the June meeting')).entries).toHaveLength(115);
		const model = loadExportModel(src(), 'apa-2016', 'Before the June meeting');
		expect(model.board.version).toBe('Before the June meeting');
		expect(model.provisions.find((p) => p.ref === 'C.a')!.cells.training.entries).toEqual([]);
		expect(exportFileName(model, 'pdf')).toBe('apa-2016-2016-05-31-before-the-june-meeting.pdf');
		expect(loadExportModel(src(), 'apa-2016').provisions.find((p) => p.ref === 'C.a')!.cells.training.entries).toHaveLength(1);
	});
});
