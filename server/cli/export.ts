// `npm run export -- --board <id> --format <fmt> [--version <label>] [--comments] [--out <file>]`:
// exports a board straight from the database; the server need not run.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readBoard } from '../../src/lib/board/view';
import { isAppError } from '../../src/lib/server/app-error';
import { Boards } from '../../src/lib/server/boards';
import { listBodies } from '../../src/lib/server/bodies';
import { Comments } from '../../src/lib/server/comments';
import { configFromEnv } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { DocStore } from '../../src/lib/server/doc-store';
import { EXPORT_FORMATS, exportBoard, isExportFormat } from '../../src/lib/server/export';
import { checkForPublication, formatCheck } from '../../src/lib/server/export/check';
import { loadExportModel, loadVersionDocs } from '../../src/lib/server/export/source';
import { Notifications } from '../../src/lib/server/notifications';

const USAGE = `Usage: npm run export -- --board <id> --format <${EXPORT_FORMATS.join('|')}> [--version <label>] [--comments] [--out <file>] [--quiet]

  Writes the board (or its named version) to <file>; without --out, to the
  export's own name (<board>-<as of>[-<version>].<ext>) in this folder.
  --comments adds the discussion as an annex (docx only; other formats ignore it).
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
	const db = openDatabase(config.dbPath);
	try {
		return await run(db, values.board, values.format, values.version ?? null, values.out, values.quiet === true, values.comments === true);
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
	comments = false
): Promise<number> {
	const store = new DocStore(db);
	const boards = new Boards(db, store);
	try {
		const started = performance.now();
		const withComments = comments && format === 'docx';
		if (comments && !withComments) console.error('--comments adds an annex to docx only; ignored for this format.');
		const discussion = withComments ? new Comments(db, new Notifications(db)) : undefined;
		const model = loadExportModel({ db, boards, readDocs: (id) => store.loadBoard(id), comments: discussion }, boardId, version, { comments: withComments });
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
