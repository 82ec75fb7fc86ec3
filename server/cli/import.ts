// `npm run import -- --file <path> [--title T] [--as-of YYYY-MM-DD] [--yes]`:
// previews an import (json, csv or xlsx) and, with --yes, creates the board.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { isAppError } from '../../src/lib/server/app-error';
import { Boards } from '../../src/lib/server/boards/boards';
import { configFromEnv } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { DocStore } from '../../src/lib/server/collab/doc-store';
import { Imports } from '../../src/lib/server/import/imports';
import { previewOf } from '../../src/lib/server/import/summary';

const USAGE = `Usage: npm run import -- --file <path> [--title <title>] [--as-of YYYY-MM-DD] [--yes]

  Reads a .json export, or a .csv/.xlsx in the export layout, and prints what
  would be created and every row that cannot be placed. Writes nothing
  unless --yes is given; then creates a new board and prints its id.

Environment: DATA_DIR (default ./data).`;

async function main(): Promise<number> {
	let values;
	try {
		values = parseArgs({
			options: {
				file: { type: 'string' },
				title: { type: 'string' },
				'as-of': { type: 'string' },
				yes: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		}).values;
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${USAGE}`);
		return 2;
	}
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	if (!values.file) {
		console.error(USAGE);
		return 2;
	}
	if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) {
		console.error('--as-of must be a date as YYYY-MM-DD.');
		return 2;
	}
	const config = configFromEnv(process.env, fileURLToPath(new URL('../..', import.meta.url)));
	if (!existsSync(config.dbPath)) {
		console.error(`No database at ${config.dbPath}. Start the app once (npm start) or set DATA_DIR.`);
		return 2;
	}
	const db = openDatabase(config.dbPath);
	try {
		const imports = new Imports({ db, boards: new Boards(db, new DocStore(db)), seedsDir: config.seedsDir });
		// npm runs scripts in the project folder; INIT_CWD is where the command was typed.
		const plan = await imports.plan({ name: basename(values.file), bytes: new Uint8Array(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.file))) });
		const p = previewOf(plan);
		console.log(`${p.fileName} (${p.format}): “${values.title ?? p.title}”, as of ${values['as-of'] ?? p.asOf ?? '—'}`);
		console.log(`  ${p.provisions} provisions, ${p.categories.length} categories, ${p.entries} entries, ${p.leads} leads`);
		for (const note of p.notes) console.log(`  Note: ${note}`);
		if (p.problems.length > 0) {
			console.log(`  Rows that will not be imported (${p.problems.length}):`);
			for (const problem of p.problems) console.log(`    ${problem.where}: ${problem.reason}`);
		}
		if (!values.yes) {
			console.log('Nothing written. Run again with --yes to create the board.');
			return 0;
		}
		const board = imports.apply(plan, {
			title: values.title,
			asOf: values['as-of'],
			createdBy: null
		});
		console.log(`Created board ${board.id}.`);
		return 0;
	} catch (e) {
		if (isAppError(e)) {
			console.error(e.message);
			return 2;
		}
		throw e;
	} finally {
		db.close();
	}
}

process.exitCode = await main();
