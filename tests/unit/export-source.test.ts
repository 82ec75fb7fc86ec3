import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardDocs } from '$lib/board/doc';
import * as edit from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { encodeBoardBundle } from '$lib/server/boards/bundle';
import { Boards } from '$lib/server/boards/boards';
import { openDatabase, type Db } from '$lib/server/db';
import { DocStore } from '$lib/server/collab/doc-store';
import { AppError } from '$lib/server/app-error';
import { listVersionLabels, loadExportModel, loadVersionDocs } from '$lib/server/export/source';
import { dateLine, exportFileName, longDate, metadataDate } from '$lib/server/export/format';
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
		const today = new Date().toISOString().slice(0, 10);
		expect(model.board).toEqual({
			id: 'apa-2016',
			title: 'APA test board',
			asOf: '2016-05-31',
			status: 'open',
			version: null,
			versionOn: null,
			finalizedOn: null,
			exportedOn: today
		});
		expect(model.bodies.map((b) => b.code)).toContain('ACMW');
		// A draft is named and dated by the day of its export, not by the board's "as of" day.
		expect(exportFileName(model, 'xlsx')).toBe(`apa-2016-draft-${today}.xlsx`);
		expect(dateLine(model)).toBe(`Draft, exported ${longDate(today)} · As of 31 May 2016`);
		expect(metadataDate(model).toISOString()).toBe(`${today}T12:00:00.000Z`);
	});

	it('labels a finalized board by the day it was last finalized', (ctx) => {
		if (!db.prepare(SQL_HAS_VERSIONS).get()) return ctx.skip();
		db.prepare(`${SQL_INSERT_VERSION.replace('created_at)', 'created_at, kind)').replace('?)', "?, 'finalized')")}`).run('apa-2016', 'Finalized 8 June 2026', Buffer.from(encodeBoardBundle(docs)), Date.parse('2026-06-08T15:00:00Z'));
		boards.setStatus('apa-2016', 'finalized');
		const model = loadExportModel(src(), 'apa-2016');
		expect(dateLine(model)).toBe('Finalized 8 June 2026 · As of 31 May 2016');
		expect(exportFileName(model, 'docx')).toBe('apa-2016-finalized-2026-06-08.docx');
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
		db.prepare(SQL_INSERT_VERSION).run('apa-2016', 'Before the June meeting', Buffer.from(encodeBoardBundle(docs)), Date.parse('2026-06-03T09:00:00Z'));
		edit.addEntry(docs, { provision: 'C.a', category: 'training', body: 'ASLOM', text: 'Added after the version' }, { source: 'server' });
		expect(listVersionLabels(db, 'apa-2016').map((v) => v.label)).toContain('Before the June meeting');
		expect(readBoard(loadVersionDocs(db, 'apa-2016', 'Before the June meeting')).entries).toHaveLength(115);
		const model = loadExportModel(src(), 'apa-2016', 'Before the June meeting');
		expect(model.board.version).toBe('Before the June meeting');
		expect(model.provisions.find((p) => p.ref === 'C.a')!.cells.training.entries).toEqual([]);
		expect(exportFileName(model, 'pdf')).toBe('apa-2016-before-the-june-meeting.pdf');
		expect(dateLine(model)).toBe('Version “Before the June meeting” · As of 31 May 2016');
		expect(metadataDate(model).toISOString()).toBe('2026-06-03T12:00:00.000Z');
		expect(loadExportModel(src(), 'apa-2016').provisions.find((p) => p.ref === 'C.a')!.cells.training.entries).toHaveLength(1);
	});
});
