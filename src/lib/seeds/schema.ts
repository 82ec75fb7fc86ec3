import { z } from 'zod';

/**
 * Schemas of the JSON files in `seeds/`. Every seed file is validated against
 * these at load, so a transcription mistake fails loudly at start or in tests
 * instead of producing a half-empty board.
 */

export const PILLARS = ['APSC', 'ASCC'] as const;
export const PART_CODES = ['A', 'B', 'C', 'D'] as const;

/** Category ids of the 2016 matrix, in column order. */
export const CATEGORY_IDS = ['institutional', 'research', 'training', 'prevention'] as const;

const bodyCode = z.string().regex(/^[A-Z][A-Z-]{2,11}$/, 'body code: capitals and hyphens, e.g. SOM-ED');

export const bodySchema = z.object({
	code: bodyCode,
	name: z.string().min(5),
	pillar: z.enum(PILLARS),
	subsidiaries: z.array(z.object({ code: bodyCode, name: z.string().min(5) })).default([])
});

export const bodiesFileSchema = z.object({
	source: z.string(),
	bodies: z.array(bodySchema).length(10)
});

export const provisionSchema = z.object({
	/** "A.a" … "D.l": the APA part and its own letter. */
	ref: z.string().regex(/^[A-D]\.[a-l]$/),
	part: z.enum(PART_CODES),
	letter: z.string().regex(/^[a-l]$/),
	/** Full wording as in APA section IV, numbered sub-items included. */
	text: z.string().min(20),
	/** First line in the APA text file where the provision starts (1-based). */
	line: z.number().int().positive()
});

export const partSchema = z.object({
	part: z.enum(PART_CODES),
	title: z.string().min(5)
});

export const provisionsFileSchema = z.object({
	source: z.string(),
	/** The APA section the provisions are ("IV. Action Plans"), with the line of its heading in the source. */
	section: z.object({ number: z.string().min(1), title: z.string().min(1), line: z.number().int().positive() }),
	parts: z.array(partSchema).length(4),
	provisions: z.array(provisionSchema).length(44)
});

export const categorySchema = z.object({
	id: z.enum(CATEGORY_IDS),
	name: z.string()
});

export const matrixEntrySchema = z.object({
	provision: provisionSchema.shape.ref,
	body: bodyCode,
	/** Set when the source attributes the entry to a body's subsidiary, e.g. "SLOM (ACMW)". */
	subsidiary: bodyCode.optional(),
	category: z.enum(CATEGORY_IDS),
	text: z.string().min(2),
	uncertain: z.boolean().optional(),
	/** Why a placement was judged: lost columns, a fragmented body label, a split provision. */
	note: z.string().optional(),
	/** First line in the matrix text file the entry's text comes from (1-based). */
	line: z.number().int().positive()
});

export const matrixFileSchema = z.object({
	source: z.string(),
	title: z.string(),
	asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	categories: z.array(categorySchema).length(4),
	entries: z.array(matrixEntrySchema).min(1)
});

export type Body = z.infer<typeof bodySchema>;
export type Part = z.infer<typeof partSchema>;
export type Provision = z.infer<typeof provisionSchema>;
export type Category = z.infer<typeof categorySchema>;
export type MatrixEntry = z.infer<typeof matrixEntrySchema>;
export type BodiesFile = z.infer<typeof bodiesFileSchema>;
export type ProvisionsFile = z.infer<typeof provisionsFileSchema>;
export type MatrixFile = z.infer<typeof matrixFileSchema>;
