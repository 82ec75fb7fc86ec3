import type { BoardRow, Boards } from '../boards/boards';
import { listBodies } from '../boards/bodies';
import { loadSeeds } from '../boards/seeds';
import type { Db } from '../db';
import { applyImport } from './apply';
import { apaBase, planImport } from './index';
import { PendingImports } from './pending';
import type { ImportPlan } from './plan';

/** What importing reads and writes: the registry of bodies, the seeds (the APA structure rows are placed onto), the boards. */
export interface ImportsDeps {
	db: Db;
	boards: Boards;
	seedsDir: string;
}

/**
 * Boards made from export files: a file is read into a plan against this
 * server's APA structure and registry (nothing written), then, once
 * confirmed, created as a new board. Previews wait in `pending`.
 */
export class Imports {
	readonly pending = new PendingImports();
	#deps;

	constructor(deps: ImportsDeps) {
		this.#deps = deps;
	}

	/** The file read into a plan; AppError 400 when it cannot be read at all. */
	plan(file: { name: string; bytes: Uint8Array }): Promise<ImportPlan> {
		const { db, seedsDir } = this.#deps;
		return planImport(file, { base: apaBase(loadSeeds(seedsDir)), registry: listBodies(db) });
	}

	/** The file's plan, kept for `userId` to confirm under the returned token. */
	async preview(file: { name: string; bytes: Uint8Array }, userId: number): Promise<{ plan: ImportPlan; token: string }> {
		const plan = await this.plan(file);
		return { plan, token: this.pending.put(plan, userId) };
	}

	/** Creates the board `plan` describes (a new id), in one transaction. */
	apply(plan: ImportPlan, opts: { title?: string; asOf?: string | null; createdBy: number | null }): BoardRow {
		return applyImport(this.#deps.boards, plan, opts);
	}
}
