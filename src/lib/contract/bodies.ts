/** A sectoral body of the registry (the `bodies` table's columns), as the server lists it and pages and exports show it. */
export interface SectoralBody {
	code: string;
	name: string;
	pillar: 'APSC' | 'ASCC';
	/** The body a subsidiary belongs to (ACMW → SLOM); null for the ten bodies. */
	parent: string | null;
}
