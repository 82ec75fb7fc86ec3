import type { BoardDocs } from '../../board/doc';
import type { ThreadView } from '../../board/discussion';
import type { PublicationOptions } from '../../contract/exports';
import { readBoard, type BoardView } from '../../board/view';
import { NO_BOARD, notFound } from '../app-error';
import { decodeBoardBundle } from '../boards/bundle';
import type { BoardRow } from '../boards/boards';
import { listBodies } from '../boards/bodies';
import type { Db } from '../db';
import { buildExportModel, discussionAnnex, type ExportModel } from './model';
import { sectionHeading, type SourceSection } from './section';

const SQL_HAS_VERSIONS = `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'`;
const SQL_VERSION_STATE = `SELECT state FROM versions WHERE board_id = ? AND label = ?`;
const SQL_VERSION_CREATED = `SELECT created_at FROM versions WHERE board_id = ? AND label = ?`;
const SQL_LAST_FINALIZED = `SELECT created_at FROM versions WHERE board_id = ? AND kind = 'finalized' ORDER BY created_at DESC, id DESC LIMIT 1`;
const SQL_VERSION_LABELS = `SELECT label, created_at AS createdAt FROM versions WHERE board_id = ? ORDER BY created_at DESC, id DESC`;

/** What loading a board for export needs: the database, board records and the live document of a board. */
export interface ExportSource {
	db: Db;
	boards: { get(id: string): BoardRow | undefined };
	/** The board's current documents (the live ones while people edit them). */
	readDocs(boardId: string): BoardDocs;
	/** The board's discussion (`Comments`): needed only for the discussion annex. */
	comments?: { listCommentsForExport(boardId: string): ThreadView[] };
	/** The APA section of the seeds ("IV. Action Plans"): boards on its structure print its heading. */
	section?: SourceSection;
}

function hasVersions(db: Db): boolean {
	return db.prepare(SQL_HAS_VERSIONS).get() !== undefined;
}

/** The documents of the named version `label` of a board (its saved states); AppError 404 when there is none. */
export function loadVersionDocs(db: Db, boardId: string, label: string): BoardDocs {
	const state = hasVersions(db) ? (db.prepare(SQL_VERSION_STATE).pluck().get(boardId, label) as Buffer | undefined) : undefined;
	if (!state) throw notFound(`No version named “${label}” on this board.`);
	return decodeBoardBundle(state);
}

/** The labels of a board's named versions, newest first (empty before versions exist). */
export function listVersionLabels(db: Db, boardId: string): { label: string; createdAt: number }[] {
	if (!hasVersions(db)) return [];
	return db.prepare(SQL_VERSION_LABELS).all(boardId) as { label: string; createdAt: number }[];
}

/** The ISO days (UTC) the export's labels name: when the version was saved, when the board was last finalized. */
function stateDays(db: Db, boardId: string, version?: string | null): { versionOn: string | null; finalizedOn: string | null } {
	if (!hasVersions(db)) return { versionOn: null, finalizedOn: null };
	const day = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString().slice(0, 10));
	return {
		versionOn: version ? day(db.prepare(SQL_VERSION_CREATED).pluck().get(boardId, version) as number | undefined) : null,
		finalizedOn: day(db.prepare(SQL_LAST_FINALIZED).pluck().get(boardId) as number | undefined)
	};
}

/**
 * The export model of a board's current state, or of its named version
 * `version`; with `comments`, also its discussion annex (the discussion as it
 * is now, also for a named version); `publication` sets the document
 * formats' publication options.
 */
export function loadExportModel(
	src: ExportSource,
	boardId: string,
	version?: string | null,
	options: {
		comments?: boolean;
		publication?: PublicationOptions;
		/** A layer over the board's view before it is laid out (the progress of a reporting period). */
		layer?: (view: BoardView) => BoardView;
	} = {}
): ExportModel {
	const board = src.boards.get(boardId);
	if (!board) throw notFound(NO_BOARD);
	const docs = version ? loadVersionDocs(src.db, boardId, version) : src.readDocs(boardId);
	const read = readBoard(docs);
	const view = options.layer ? options.layer(read) : read;
	const model = buildExportModel(view, listBodies(src.db), { ...board, ...stateDays(src.db, boardId, version) }, version || null);
	if (options.publication) model.publication = options.publication;
	model.section = sectionHeading(src.section, model.parts);
	if (options.comments) {
		if (!src.comments) throw new Error('loadExportModel: the discussion annex needs `comments` in the source.');
		model.discussion = discussionAnnex(view, model, src.comments.listCommentsForExport(boardId));
	}
	return model;
}
