import * as Y from 'yjs';

/**
 * A board is a set of Yjs documents, one per authority boundary (Yjs's
 * THREAT_MODEL.md §3.1: a peer must never write to a document it may not own):
 *
 * - `plan` — written by the chair and the secretariat:
 *   - `meta`       Y.Map   title, asOf
 *   - `parts`      Y.Array<Y.Map>  { id: 'A', title }
 *   - `categories` Y.Array<Y.Map>  { id, name }            (columns, ordered)
 *   - `provisions` Y.Array<Y.Map>  { id, part, letter, text } (rows, ordered)
 *   - `leads`      Y.Map<cellKey, bodyCode>  the lead body per cell
 *   - `decisions`  Y.Map<entryId, Y.Map>  { state: 'agreed', by, at, meeting }
 * - `body:<CODE>` — one per sectoral body, written by its delegates and the secretariat:
 *   - `entries`    Y.Map<entryId, Y.Map>  { provision, category, subsidiary?,
 *                  text: Y.Text, status, uncertain, note?, order }
 *
 * An entry's body is the document it lives in, never a field a client could
 * claim. Entries live in one flat map keyed by id (not nested per cell) so
 * that moving an entry within its body is two field writes.
 */

/** What a body reports of its own activity. */
export const PROGRESS_STATUSES = ['proposed', 'ongoing', 'completed'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** The one status shown per entry: the body's progress, or "agreed" when the chair recorded it. */
export const ENTRY_STATUSES = ['proposed', 'agreed', 'ongoing', 'completed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * Decision states the chair or secretariat records on an entry in the plan
 * document (docs/negotiation.md): agreed; agreed with a reservation by a
 * named body (`body`, footnote `note`); ad referendum (pending the bodies'
 * confirmation by `deadline`); silence procedure (agreed unless a body
 * objects by `deadline`). The last two run on the server: it writes them,
 * the bodies' responses (`confirmed`, `objected`) and the outcome.
 */
export const DECISION_STATES = ['agreed', 'reserved', 'ad-referendum', 'silence'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
/** The states a client may write into the plan itself; the procedures are the server's to write. */
export const CLIENT_DECISION_STATES = ['agreed', 'reserved'] as const satisfies readonly DecisionState[];
/** The decision states that run until a deadline (the server's procedures). */
export const PROCEDURE_STATES = ['ad-referendum', 'silence'] as const satisfies readonly DecisionState[];
export type ProcedureState = (typeof PROCEDURE_STATES)[number];
/** How a procedure ended at its deadline: agreed (nobody objected), or broken by an objection. */
export type ProcedureOutcome = 'agreed' | 'broken';

/** Who made a transaction: lets undo, history and persistence tell changes apart. */
export type TransactionOrigin =
	| { source: 'user'; userId?: number }
	| { source: 'seed' }
	/** `suggestedBy`: the change applies that person's suggestion (history names them beside its author). */
	| { source: 'server'; userId?: number; suggestedBy?: number }
	| { source: 'restore'; userId?: number };

const ORIGIN_SOURCES: ReadonlySet<unknown> = new Set<TransactionOrigin['source']>(['user', 'seed', 'server', 'restore']);

/**
 * Whether a transaction's origin is one of the board's (Yjs types it `any`:
 * providers, undo managers and persistence pass objects of their own). The
 * one check before reading an origin's fields; the server's origins extend
 * these (`src/lib/server/collab/room.ts`).
 */
export function isTransactionOrigin(origin: unknown): origin is TransactionOrigin {
	return typeof origin === 'object' && origin !== null && ORIGIN_SOURCES.has((origin as { source?: unknown }).source);
}

export type EntryMap = Y.Map<unknown>;

/** The name of the plan document. */
export const PLAN_DOC = 'plan';
const BODY_PREFIX = 'body:';

/** The name of a body's document. */
export function bodyDocName(code: string): string {
	return BODY_PREFIX + code;
}

/** The body a document name belongs to, or null for the plan (or an unknown name). */
export function bodyOfDocName(name: string): string | null {
	return name.startsWith(BODY_PREFIX) && name.length > BODY_PREFIX.length ? name.slice(BODY_PREFIX.length) : null;
}

/**
 * A new, empty document of a board, its guid its name. Yjs would otherwise draw
 * a random guid of 31 random numbers per document (a crypto call each in Node,
 * a visible share of opening a board of eleven documents); the guid names
 * subdocuments only, which boards do not have.
 */
export function emptyDoc(name: string): Y.Doc {
	return new Y.Doc({ guid: name });
}

/** The documents of a board: the plan, and one per body (created on first use). */
export class BoardDocs {
	readonly plan: Y.Doc;
	readonly #bodies = new Map<string, Y.Doc>();
	readonly #create: (name: string) => Y.Doc;

	/** `create` makes the document of a name the first time it is asked for (default: an empty one). */
	constructor(create: (name: string) => Y.Doc = emptyDoc) {
		this.#create = create;
		this.plan = create(PLAN_DOC);
	}

	/** A body's document, made on first use. */
	body(code: string): Y.Doc {
		let doc = this.#bodies.get(code);
		if (!doc) {
			doc = this.#create(bodyDocName(code));
			this.#bodies.set(code, doc);
		}
		return doc;
	}

	/** The body documents made so far, by body code. */
	get bodies(): ReadonlyMap<string, Y.Doc> {
		return this.#bodies;
	}

	/** A document by name; null for a name that is neither the plan nor a body's. */
	byName(name: string): Y.Doc | null {
		if (name === PLAN_DOC) return this.plan;
		const body = bodyOfDocName(name);
		return body ? this.body(body) : null;
	}

	/** Every document made so far with its name, the plan first. */
	*named(): Generator<[string, Y.Doc]> {
		yield [PLAN_DOC, this.plan];
		for (const [code, doc] of this.#bodies) yield [bodyDocName(code), doc];
	}

	/** Puts a fresh document in place of a body's (the browser's copy was reset to the server's). */
	replaceBody(code: string, doc: Y.Doc): void {
		this.#bodies.set(code, doc);
	}

	/** The body whose document holds an entry, or null. */
	bodyOfEntry(id: string): string | null {
		for (const [code, doc] of this.#bodies) if (entriesMap(doc).has(id)) return code;
		return null;
	}

	destroy(): void {
		for (const [, doc] of this.named()) doc.destroy();
	}
}

export function metaMap(plan: Y.Doc): Y.Map<string> {
	return plan.getMap('meta');
}
export function partsArray(plan: Y.Doc): Y.Array<Y.Map<string>> {
	return plan.getArray('parts');
}
export function categoriesArray(plan: Y.Doc): Y.Array<Y.Map<string>> {
	return plan.getArray('categories');
}
export function provisionsArray(plan: Y.Doc): Y.Array<Y.Map<string>> {
	return plan.getArray('provisions');
}
export function leadsMap(plan: Y.Doc): Y.Map<string> {
	return plan.getMap('leads');
}
export function decisionsMap(plan: Y.Doc): Y.Map<Y.Map<unknown>> {
	return plan.getMap('decisions');
}
/** A body document's entries. */
export function entriesMap(bodyDoc: Y.Doc): Y.Map<EntryMap> {
	return bodyDoc.getMap('entries');
}

/** Key of a cell (provision × category) in `leads` and in history. */
export function cellKey(provisionId: string, categoryId: string): string {
	return `${provisionId}|${categoryId}`;
}

export function parseCellKey(key: string): { provision: string; category: string } {
	const i = key.lastIndexOf('|');
	return { provision: key.slice(0, i), category: key.slice(i + 1) };
}

/** A short random id for entries and added provisions/categories. */
export function newId(): string {
	const bytes = new Uint8Array(9);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 12);
}

/** Builds a Y.Map from plain fields (Y types must be created before insertion). */
export function mapOf(fields: Record<string, unknown>): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) if (v !== undefined) m.set(k, v);
	return m;
}
