import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
	bodiesFileSchema,
	matrixFileSchema,
	provisionsFileSchema,
	type BodiesFile,
	type MatrixFile,
	type ProvisionsFile
} from '../../seeds/schema';

export interface Seeds {
	bodies: BodiesFile;
	provisions: ProvisionsFile;
	matrix: MatrixFile;
}

/** Thrown when a seed file does not match its schema or refers to something unknown. */
export class SeedError extends Error {}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
	const path = join(dir, file);
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new SeedError(`${file}: cannot read JSON (${(e as Error).message})`);
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		const issues = parsed.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.join('.')}: ${i.message}`)
			.join('; ');
		throw new SeedError(`${file}: ${issues}`);
	}
	return parsed.data;
}

/** Checks what a schema cannot: references between the files and uniqueness. */
function crossCheck({ bodies, provisions, matrix }: Seeds): void {
	const bodyCodes = new Map(bodies.bodies.map((b) => [b.code, b]));
	if (bodyCodes.size !== bodies.bodies.length) throw new SeedError('bodies.json: duplicate body code');
	const refs = new Set(provisions.provisions.map((p) => p.ref));
	if (refs.size !== provisions.provisions.length) throw new SeedError('apa-provisions.json: duplicate ref');
	for (const p of provisions.provisions) {
		if (p.ref !== `${p.part}.${p.letter}`) throw new SeedError(`apa-provisions.json: ${p.ref} does not match its part and letter`);
	}
	matrix.entries.forEach((e, i) => {
		const where = `matrix-2016.json entries[${i}]`;
		if (!refs.has(e.provision)) throw new SeedError(`${where}: unknown provision ${e.provision}`);
		const body = bodyCodes.get(e.body);
		if (!body) throw new SeedError(`${where}: unknown body ${e.body}`);
		if (e.subsidiary && !body.subsidiaries.some((s) => s.code === e.subsidiary)) {
			throw new SeedError(`${where}: ${e.subsidiary} is not a subsidiary of ${e.body}`);
		}
		if (e.uncertain && !e.note) throw new SeedError(`${where}: an uncertain entry needs a note saying why`);
	});
}

/** Loads and validates the three seed files from `dir` (the project's `seeds/`). */
export function loadSeeds(dir: string): Seeds {
	const seeds: Seeds = {
		bodies: readJson(dir, 'bodies.json', bodiesFileSchema),
		provisions: readJson(dir, 'apa-provisions.json', provisionsFileSchema),
		matrix: readJson(dir, 'matrix-2016.json', matrixFileSchema)
	};
	crossCheck(seeds);
	return seeds;
}
