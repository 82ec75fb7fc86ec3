import { CLIENT_DECISION_STATES, PROGRESS_STATUSES } from '../../../board/doc';
import { ACTIVITY_STATUSES } from '../../../monitoring/reports';

/**
 * The board's data model as the integrity check sees it (the layout is
 * documented in `$lib/board/doc`). Every shared type of a document is one of
 * these containers; everything a container may hold is listed, nothing else
 * is accepted. Field presence is not described: deletions are always allowed,
 * so readers default missing fields anyway.
 */

/** A primitive held by one map-key item (Yjs `ContentAny` with one value). */
export type Value =
	| { kind: 'string'; max: number }
	| { kind: 'enum'; values: readonly string[] }
	/** Finite numbers only: NaN and ±Infinity survive Yjs's float encoding but not JSON exports. */
	| { kind: 'number'; nullable?: boolean }
	| { kind: 'boolean' }
	/** The user id of whoever writes the update (null for a connection without one): who recorded a decision is not a claim. */
	| { kind: 'writer' }
	/** A time in ms since the epoch, not later than the server's clock allows ({@link CLOCK_SKEW_MS}): past times are offline work. */
	| { kind: 'time' };

/** How far ahead of the server's clock a client's clock may run. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Who writes an update and when it arrives: what `writer` and `time` values are checked against. */
export interface Writer {
	userId: number | null;
	now: number;
}

/** A Y.Map with a fixed set of keys. */
export interface RecordSpec {
	kind: 'record';
	name: string;
	fields: Readonly<Record<string, Value | TextSpec>>;
}

/** A Y.Map keyed by ids chosen by clients (entries, leads, decisions). */
export interface DictSpec {
	kind: 'dict';
	name: string;
	maxKey: number;
	maxCount: number;
	value: Value | RecordSpec;
}

/** A Y.Array of records. */
export interface ListSpec {
	kind: 'list';
	name: string;
	maxCount: number;
	item: RecordSpec;
}

/** A Y.Text of plain characters: no embeds, no formatting. */
export interface TextSpec {
	kind: 'text';
	name: string;
	maxLength: number;
}

/** A shared type: what its items may be. */
export type Container = RecordSpec | DictSpec | ListSpec | TextSpec;

/** What an item directly inside a container may be. */
export type Slot = Value | Container;

export type DocKind = 'plan' | 'body' | 'report';

const str = (max: number): Value => ({ kind: 'string', max });
const ID = str(64);

function record(name: string, fields: Record<string, Value | TextSpec>): RecordSpec {
	return { kind: 'record', name, fields };
}

const ENTRY = record('entry', {
	provision: ID,
	category: ID,
	subsidiary: str(32),
	text: { kind: 'text', name: 'entry text', maxLength: 20_000 },
	status: { kind: 'enum', values: PROGRESS_STATUSES },
	uncertain: { kind: 'boolean' },
	note: str(4000),
	order: { kind: 'number' }
});

// A procedure's fields (deadline, responses, outcome) are not listed: only the server writes them.
const DECISION = record('decision', {
	state: { kind: 'enum', values: CLIENT_DECISION_STATES },
	by: { kind: 'writer' },
	at: { kind: 'time' },
	meeting: { kind: 'number', nullable: true },
	body: str(32),
	note: str(2000)
});

/** One agreed activity in a body's progress report (`$lib/monitoring/reports`). */
const REPORT_ITEM = record('report item', {
	status: { kind: 'enum', values: ACTIVITY_STATUSES },
	narrative: { kind: 'text', name: 'narrative', maxLength: 4000 },
	start: str(10),
	end: str(10),
	evidence: str(4000),
	indicator: str(200),
	unit: str(32),
	target: { kind: 'number', nullable: true },
	actual: { kind: 'number', nullable: true }
});

/** The root types of each kind of document; any other root name is refused. */
export const ROOTS: Readonly<Record<DocKind, ReadonlyMap<string, Container>>> = {
	plan: new Map<string, Container>([
		['meta', record('meta', { title: str(500), asOf: str(32) })],
		['parts', { kind: 'list', name: 'parts', maxCount: 100, item: record('part', { id: ID, title: str(500) }) }],
		['categories', { kind: 'list', name: 'categories', maxCount: 100, item: record('category', { id: ID, name: str(200) }) }],
		[
			'provisions',
			{
				kind: 'list',
				name: 'provisions',
				maxCount: 1000,
				item: record('provision', { id: ID, part: str(16), letter: str(16), text: str(5000) })
			}
		],
		// One lead per cell: 1,000 provisions × 20 categories.
		['leads', { kind: 'dict', name: 'leads', maxKey: 200, maxCount: 20_000, value: str(32) }],
		// One decision per entry: ten bodies × 5,000 entries.
		['decisions', { kind: 'dict', name: 'decisions', maxKey: 64, maxCount: 50_000, value: DECISION }]
	]),
	body: new Map<string, Container>([['entries', { kind: 'dict', name: 'entries', maxKey: 64, maxCount: 5000, value: ENTRY }]]),
	// One item per agreed activity of the body (at most its 5,000 entries).
	report: new Map<string, Container>([['items', { kind: 'dict', name: 'items', maxKey: 64, maxCount: 5000, value: REPORT_ITEM }]])
};

/** The Yjs type class a container is held in (compared by constructor: Y.XmlText extends Y.Text, Y.XmlHook extends Y.Map). */
export function typeNameOf(container: Container): 'map' | 'array' | 'text' {
	return container.kind === 'list' ? 'array' : container.kind === 'text' ? 'text' : 'map';
}

/** Whether a primitive fits a value slot, written by `writer`. */
export function fitsValue(spec: Value, value: unknown, writer: Writer): boolean {
	switch (spec.kind) {
		case 'writer':
			return value === writer.userId;
		case 'time':
			return typeof value === 'number' && Number.isFinite(value) && value <= writer.now + CLOCK_SKEW_MS;
		case 'string':
			return typeof value === 'string' && value.length <= spec.max;
		case 'enum':
			return typeof value === 'string' && spec.values.includes(value);
		case 'number':
			return (value === null && spec.nullable === true) || (typeof value === 'number' && Number.isFinite(value));
		case 'boolean':
			return typeof value === 'boolean';
	}
}

/** A slot's wording for close reasons. */
export function describeSlot(slot: Slot): string {
	switch (slot.kind) {
		case 'string':
			return `a string of at most ${slot.max} characters`;
		case 'enum':
			return `one of ${slot.values.join(', ')}`;
		case 'number':
			return slot.nullable ? 'a number or null' : 'a finite number';
		case 'boolean':
			return 'true or false';
		case 'writer':
			return 'the id of the person writing it';
		case 'time':
			return 'a time not in the future';
		case 'text':
			return 'a text';
		case 'list':
			return 'a list';
		default:
			return 'a map';
	}
}
