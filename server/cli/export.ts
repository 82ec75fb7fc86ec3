// `npm run export -- --board <id> --format <fmt> [--version <label>] [--comments] [--out <file>]`:
// exports a board straight from the database; the server need not run.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readBoard } from '../../src/lib/board/view';
import { publicationFromParams, type PublicationOptions } from '../../src/lib/contract/exports';
import { isAppError } from '../../src/lib/server/app-error';
import { Boards } from '../../src/lib/server/boards/boards';
import { listBodies } from '../../src/lib/server/boards/bodies';
import { Comments } from '../../src/lib/server/discussion/comments';
import { configFromEnv } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { DocStore } from '../../src/lib/server/collab/doc-store';
import { EXPORT_FORMATS, exportBoard, isExportFormat } from '../../src/lib/server/export';
import { checkForPublication, formatCheck } from '../../src/lib/server/export/check';
import { apaSection, type SourceSection } from '../../src/lib/server/export/section';
import { loadExportModel, loadVersionDocs } from '../../src/lib/server/export/source';
import { loadSeeds } from '../../src/lib/server/boards/seeds';
import { Notifications } from '../../src/lib/server/discussion/notifications';

const USAGE = `Usage: npm run export -- --board <id> --format <${EXPORT_FORMATS.join('|')}> [--version <label>] [--comments]
       [--empty row|omit|note] [--no-legend] [--paper A4|A3] [--large] [--out <file>] [--quiet]

  Writes the board (or its named version) to <file>; without --out, to the
  export's own name (<board>-draft-<day>, <board>-<version> or
  <board>-finalized-<day>, then .<ext>) in this folder.
  --comments adds the discussion as an annex (docx only; other formats ignore it).
  Publication options (xlsx, docx, pdf): --empty: a provision without entries
  as an empty row (default), left out, or "No activities proposed";
  --no-legend leaves out the list of body acronyms; --paper A4 or A3 (default:
  A4, A3 for the Excel matrix); --large: larger type for projection.
  Prints the pre-export check first unless --quiet.

Environment: DATA_DIR (default ./data).`;

async function main(): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			options: {
				board: { type: 'string' },
				format: { type: 'string' },
				version: { type: 'string' },
				out: { type: 'string' },
				comments: { type: 'boolean' },
				empty: { type: 'string' },
				'no-legend': { type: 'boolean' },
				paper: { type: 'string' },
				large: { type: 'boolean' },
				quiet: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${USAGE}`);
		return 2;
	}
	const { values } = parsed;
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	if (!values.board || !values.format) {
		console.error(USAGE);
		return 2;
	}
	if (!isExportFormat(values.format)) {
		console.error(`Unknown format "${values.format}". Use one of ${EXPORT_FORMATS.join(', ')}.`);
		return 2;
	}
	const config = configFromEnv(process.env, fileURLToPath(new URL('../..', import.meta.url)));
	if (!existsSync(config.dbPath)) {
		console.error(`No database at ${config.dbPath}. Set DATA_DIR to the folder of planning-board.sqlite.`);
		return 2;
	}
	if (values.empty && !['row', 'omit', 'note'].includes(values.empty)) {
		console.error(`Unknown --empty "${values.empty}". Use row, omit or note.`);
		return 2;
	}
	if (values.paper && !['A4', 'A3'].includes(values.paper.toUpperCase())) {
		console.error(`Unknown --paper "${values.paper}". Use A4 or A3.`);
		return 2;
	}
	// The same rules as the HTTP endpoint's query parameters.
	const publication = publicationFromParams(
		new URLSearchParams({
			...(values.empty ? { empty: values.empty } : {}),
			...(values['no-legend'] ? { legend: '0' } : {}),
			...(values.paper ? { paper: values.paper } : {}),
			...(values.large ? { large: '1' } : {})
		})
	);
	const db = openDatabase(config.dbPath);
	try {
		return await run(db, values.board, values.format, values.version ?? null, values.out, values.quiet === true, values.comments === true, publication, apaSection(loadSeeds(config.seedsDir)));
	} finally {
		db.close();
	}
}

async function run(
	db: ReturnType<typeof openDatabase>,
	boardId: string,
	format: (typeof EXPORT_FORMATS)[number],
	version: string | null,
	out: string | undefined,
	quiet: boolean,
	comments = false,
	publication?: PublicationOptions,
	section?: SourceSection
): Promise<number> {
	const store = new DocStore(db);
	const boards = new Boards(db, store);
	try {
		const started = performance.now();
		const withComments = comments && format === 'docx';
		if (comments && !withComments) console.error('--comments adds an annex to docx only; ignored for this format.');
		const discussion = withComments ? new Comments(db, new Notifications(db)) : undefined;
		const model = loadExportModel({ db, boards, readDocs: (id) => store.loadBoard(id), comments: discussion, section }, boardId, version, { comments: withComments, publication });
		if (!quiet) {
			const docs = version ? loadVersionDocs(db, boardId, version) : store.loadBoard(boardId);
			console.error(formatCheck(checkForPublication(readBoard(docs), listBodies(db))));
		}
		const file = await exportBoard(model, format);
		// npm runs scripts in the project folder; INIT_CWD is where the command was typed.
		const path = resolve(process.env.INIT_CWD ?? process.cwd(), out ?? file.fileName);
		writeFileSync(path, file.bytes);
		console.log(`Wrote ${path} (${file.bytes.length} bytes) in ${Math.round(performance.now() - started)} ms.`);
		return 0;
	} catch (e) {
		if (isAppError(e)) {
			console.error(e.message);
			return 2;
		}
		throw e;
	}
}

process.exitCode = await main();
