import * as encoding from 'lib0/encoding';

/**
 * Hand-written Yjs v1 updates for the integrity tests: the bytes a malicious
 * peer could send, which no Yjs API would produce. Layout as in yjs 13.6
 * (`writeClientsStructs`, `Item.write`, `writeDeleteSet`).
 */

export type Id = [client: number, clock: number];

export type Content =
	| { deleted: number }
	| { json: string[] }
	| { binary: Uint8Array }
	| { string: string }
	| { embed: string }
	| { format: [key: string, json: string] }
	| { type: number; name?: string }
	| { any: unknown[] }
	| { doc: string }
	/** Any content ref with hand-written payload bytes. */
	| { ref: number; bytes?: number[] };

export interface CraftItem {
	origin?: Id;
	rightOrigin?: Id;
	/** A root name, or the id of the item holding the parent type (only without origins). */
	parent?: string | Id;
	parentSub?: string;
	content: Content;
}

export type CraftStruct = CraftItem | { gc: number } | { skip: number };

export interface CraftGroup {
	client: number;
	clock: number;
	structs: CraftStruct[];
}

/** Encodes struct groups and a delete set ([client, [[clock, len]…]]) as a v1 update. */
export function craftUpdate(groups: CraftGroup[], deletes: Array<[number, Array<[number, number]>]> = []): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, groups.length);
	for (const g of groups) {
		encoding.writeVarUint(e, g.structs.length);
		encoding.writeVarUint(e, g.client);
		encoding.writeVarUint(e, g.clock);
		for (const s of g.structs) writeStruct(e, s);
	}
	encoding.writeVarUint(e, deletes.length);
	for (const [client, ranges] of deletes) {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, ranges.length);
		for (const [clock, len] of ranges) {
			encoding.writeVarUint(e, clock);
			encoding.writeVarUint(e, len);
		}
	}
	return encoding.toUint8Array(e);
}

function writeStruct(e: encoding.Encoder, s: CraftStruct): void {
	if ('gc' in s) {
		encoding.writeUint8(e, 0);
		encoding.writeVarUint(e, s.gc);
		return;
	}
	if ('skip' in s) {
		encoding.writeUint8(e, 10);
		encoding.writeVarUint(e, s.skip);
		return;
	}
	const own = !s.origin && !s.rightOrigin;
	const info = contentRef(s.content) | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0) | (own && s.parentSub !== undefined ? 0x20 : 0);
	encoding.writeUint8(e, info);
	if (s.origin) writeId(e, s.origin);
	if (s.rightOrigin) writeId(e, s.rightOrigin);
	if (own) {
		if (typeof s.parent === 'string') {
			encoding.writeVarUint(e, 1);
			encoding.writeVarString(e, s.parent);
		} else {
			encoding.writeVarUint(e, 0);
			writeId(e, s.parent ?? [0, 0]);
		}
		if (s.parentSub !== undefined) encoding.writeVarString(e, s.parentSub);
	}
	writeContent(e, s.content);
}

function contentRef(c: Content): number {
	if ('ref' in c) return c.ref;
	if ('deleted' in c) return 1;
	if ('json' in c) return 2;
	if ('binary' in c) return 3;
	if ('string' in c) return 4;
	if ('embed' in c) return 5;
	if ('format' in c) return 6;
	if ('type' in c) return 7;
	if ('any' in c) return 8;
	return 9;
}

function writeContent(e: encoding.Encoder, c: Content): void {
	if ('ref' in c) for (const b of c.bytes ?? []) encoding.writeUint8(e, b);
	else if ('deleted' in c) encoding.writeVarUint(e, c.deleted);
	else if ('json' in c) {
		encoding.writeVarUint(e, c.json.length);
		for (const s of c.json) encoding.writeVarString(e, s);
	} else if ('binary' in c) encoding.writeVarUint8Array(e, c.binary);
	else if ('string' in c) encoding.writeVarString(e, c.string);
	else if ('embed' in c) encoding.writeVarString(e, c.embed);
	else if ('format' in c) {
		encoding.writeVarString(e, c.format[0]);
		encoding.writeVarString(e, c.format[1]);
	} else if ('type' in c) {
		encoding.writeVarUint(e, c.type);
		if (c.name !== undefined) encoding.writeVarString(e, c.name);
	} else if ('any' in c) {
		encoding.writeVarUint(e, c.any.length);
		for (const v of c.any) encoding.writeAny(e, v as Parameters<typeof encoding.writeAny>[1]);
	} else {
		encoding.writeVarString(e, c.doc);
		encoding.writeAny(e, {});
	}
}

function writeId(e: encoding.Encoder, [client, clock]: Id): void {
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, clock);
}
