import type { Db } from '../db';

const SQL_LIST = `SELECT code, name, pillar, parent FROM bodies ORDER BY position`;

export interface BodyRow {
	code: string;
	name: string;
	pillar: 'APSC' | 'ASCC';
	/** The body a subsidiary belongs to (ACMW → SLOM); null for the ten bodies. */
	parent: string | null;
}

/** The registry of sectoral bodies and their subsidiaries, in registry order. */
export function listBodies(db: Db): BodyRow[] {
	return db.prepare(SQL_LIST).all() as BodyRow[];
}
