import type { SectoralBody } from '../../contract/bodies';
import type { Db } from '../db';

const SQL_LIST = `SELECT code, name, pillar, parent FROM bodies ORDER BY position`;

/** The registry of sectoral bodies and their subsidiaries, in registry order. */
export function listBodies(db: Db): SectoralBody[] {
	return db.prepare(SQL_LIST).all() as SectoralBody[];
}
