import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { IntegrityError } from './integrity-error';

/** A decoded update: the same shape as `Y.decodeUpdate`'s result. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
export type Struct = DecodedUpdate['structs'][number];

// Bits of an item's info byte (yjs 13.6 `lazyStructReaderGenerator`).
const CONTENT_REF = 0b11111;
const HAS_PARENT_SUB = 0b100000;
const HAS_RIGHT_ORIGIN = 0b1000000;
const HAS_ORIGIN = 0b10000000;
const SKIP_INFO = 10;

/*
 * Placeholders for decoded shared types and subdocuments. The decoded structs
 * are only inspected, never integrated, so they can share one instance per
 * type: a 2 MiB update of bare `ContentType` items would otherwise allocate a
 * few hundred thousand Y.Map objects (or Y.Docs) just to be refused.
 */
// Yjs types the payload of ContentType as AbstractType<any>.
type SharedType = Y.AbstractType<any>;
const SHARED_TYPES: Array<(() => SharedType) | null> = [
	once(() => new Y.Array()),
	once(() => new Y.Map()),
	once(() => new Y.Text()),
	null, // XmlElement: reads a node name
	once(() => new Y.XmlFragment()),
	null, // XmlHook: reads a hook name
	once(() => new Y.XmlText())
];
const XML_ELEMENT = 3;
const XML_HOOK = 5;
let placeholderDoc: Y.Doc | null = null;

/**
 * Decodes a Yjs v1 update the way `Y.applyUpdate` reads it (yjs 13.6
 * `lazyStructReaderGenerator`, the content readers and `readDeleteSet`), but
 * refuses anything `Y.decodeUpdate` would tolerate: bytes left over after the
 * delete set (a v2 update read as v1 decodes as almost nothing and leaves
 * most of its bytes unread), reads past the end, unknown content or type
 * references, unparsable JSON. Throws IntegrityError with the reason.
 *
 * The result is for inspection only: its shared types are placeholders.
 */
export function decodeUpdateV1Exactly(update: Uint8Array): DecodedUpdate {
	const decoder = decoding.createDecoder(update);
	try {
		const structs = readStructs(decoder);
		const ds = readDeleteSet(decoder);
		if (decoder.pos !== update.length) {
			throw new IntegrityError(`${update.length - decoder.pos} bytes left after the update: not a Yjs v1 update`);
		}
		return { structs, ds };
	} catch (e) {
		if (e instanceof IntegrityError) throw e;
		// lib0 throws on reads past the end, JSON.parse on bad JSON, readAny on unknown tags (or deep nesting).
		throw new IntegrityError(`not a Yjs v1 update: ${(e as Error).message} at byte ${decoder.pos}`);
	}
}

/** Whether a document's snapshot holds all of a decoded update: Yjs's `snapshotContainsUpdate`, without decoding it again. */
export function snapshotContains(snapshot: Y.Snapshot, decoded: DecodedUpdate): boolean {
	for (const s of decoded.structs) if ((snapshot.sv.get(s.id.client) ?? 0) < s.id.clock + s.length) return false;
	return Y.equalDeleteSets(snapshot.ds, Y.mergeDeleteSets([snapshot.ds, decoded.ds]));
}

function readStructs(decoder: decoding.Decoder): Struct[] {
	const structs: Struct[] = [];
	const seen = new Set<number>();
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		const count = decoding.readVarUint(decoder);
		const client = decoding.readVarUint(decoder);
		// Yjs keeps only the last group of a client (readClientsStructRefs); its encoder never writes two.
		if (seen.has(client)) throw new IntegrityError(`client ${client} appears twice in the update`);
		seen.add(client);
		let clock = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const struct = readStruct(decoder, client, clock);
			structs.push(struct);
			clock += struct.length;
		}
	}
	return structs;
}

function readStruct(decoder: decoding.Decoder, client: number, clock: number): Struct {
	const id = Y.createID(client, clock);
	const info = readByte(decoder);
	if (info === SKIP_INFO) return new Y.Skip(id, decoding.readVarUint(decoder));
	if ((info & CONTENT_REF) === 0) return new Y.GC(id, decoding.readVarUint(decoder));
	const origin = info & HAS_ORIGIN ? readId(decoder) : null;
	const rightOrigin = info & HAS_RIGHT_ORIGIN ? readId(decoder) : null;
	const ownParent = (info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0;
	// Yjs writes a parent only when it cannot be copied from a neighbour: a root name (1) or the holder's id.
	const parent = ownParent ? (decoding.readVarUint(decoder) === 1 ? decoding.readVarString(decoder) : readId(decoder)) : null;
	const parentSub = ownParent && info & HAS_PARENT_SUB ? decoding.readVarString(decoder) : null;
	const content = readContent(decoder, info & CONTENT_REF);
	// The constructor's parent type is declared as AbstractType; a decoded item carries a name or an ID there.
	return new Y.Item(id, null, origin, null, rightOrigin, parent as unknown as Y.AbstractType<unknown>, parentSub, content);
}

function readContent(decoder: decoding.Decoder, ref: number): Y.Item['content'] {
	switch (ref) {
		case 1:
			return new Y.ContentDeleted(decoding.readVarUint(decoder));
		case 2:
			return new Y.ContentJSON(repeat(decoder, () => {
				const s = decoding.readVarString(decoder);
				return s === 'undefined' ? undefined : JSON.parse(s);
			}));
		case 3:
			return new Y.ContentBinary(decoding.readVarUint8Array(decoder).slice());
		case 4:
			return new Y.ContentString(decoding.readVarString(decoder));
		case 5:
			return new Y.ContentEmbed(JSON.parse(decoding.readVarString(decoder)));
		case 6:
			return new Y.ContentFormat(decoding.readVarString(decoder), JSON.parse(decoding.readVarString(decoder)));
		case 7:
			return new Y.ContentType(readType(decoder));
		case 8:
			return new Y.ContentAny(repeat(decoder, () => decoding.readAny(decoder)));
		case 9:
			decoding.readVarString(decoder); // guid
			decoding.readAny(decoder); // options
			return new Y.ContentDoc((placeholderDoc ??= new Y.Doc()));
		default:
			throw new IntegrityError(`unknown content type ${ref} in the update`);
	}
}

function readType(decoder: decoding.Decoder): SharedType {
	const ref = decoding.readVarUint(decoder);
	if (ref === XML_ELEMENT) return new Y.XmlElement(decoding.readVarString(decoder));
	if (ref === XML_HOOK) return new Y.XmlHook(decoding.readVarString(decoder));
	const make = SHARED_TYPES[ref];
	if (!make) throw new IntegrityError(`unknown shared type ${ref} in the update`);
	return make();
}

function readDeleteSet(decoder: decoding.Decoder): DecodedUpdate['ds'] {
	const ds = Y.createDeleteSet();
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		const client = decoding.readVarUint(decoder);
		const count = decoding.readVarUint(decoder);
		if (count === 0) continue;
		let ranges = ds.clients.get(client);
		if (!ranges) ds.clients.set(client, (ranges = []));
		for (let i = 0; i < count; i++) {
			ranges.push({ clock: decoding.readVarUint(decoder), len: decoding.readVarUint(decoder) });
		}
	}
	return ds;
}

/** lib0's readUint8 does not check the end (it returns undefined and moves on). */
function readByte(decoder: decoding.Decoder): number {
	if (decoder.pos >= decoder.arr.length) throw new IntegrityError('the update ends in the middle of a struct');
	return decoding.readUint8(decoder);
}

function readId(decoder: decoding.Decoder): Y.ID {
	return Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
}

/** A varUint count, then that many values (each read must consume bytes, so a huge count fails at the end). */
function repeat<T>(decoder: decoding.Decoder, read: () => T): T[] {
	const n = decoding.readVarUint(decoder);
	const out: T[] = [];
	for (let i = 0; i < n; i++) out.push(read());
	return out;
}

function once<T>(make: () => T): () => T {
	let value: T | undefined;
	return () => (value ??= make());
}
