import * as Y from 'yjs';
import type { DecodedUpdate } from './decode';
import { Limits } from './limits';
import { CHARS, isTypeOf, Locator, slotOf, type Place } from './locate';
import { describeSlot, fitsValue, ROOTS, type DocKind, type Writer } from './schema';
import { UpdateIndex } from './update-index';

/*
 * What this check covers: every struct the update adds to the document
 * (root names, map keys, content kinds, primitive types and lengths, nesting,
 * counts of lists and dictionaries, text lengths), resolved to where Yjs
 * would integrate it without applying the update, and anything that would
 * leave the update half-applied (structs or deletions depending on
 * operations the server lacks, which Yjs keeps pending and applies later,
 * unchecked). Every item is resolved once (memoised, explicit stack), so the
 * time is linear in the update plus, only when a bound is reached, one walk
 * over the container concerned.
 *
 * What it cannot check:
 * - Required fields. Deletions are always accepted (the brief: deleting is
 *   within the right to write a document), so an entry may lose its
 *   `status`; readers must default missing fields.
 * - Cross-document references (an entry's `provision` naming a provision
 *   that exists in the plan): they are strings here; readers skip dangling ones.
 * - Which of two concurrent writes to a map key wins: both are checked, the
 *   count of a dictionary counts every key written.
 * - Meaning: a well-formed text can still say anything.
 */

/**
 * Whether an update (decoded by `decodeUpdateV1Exactly`) fits the data model
 * of a `plan` or `body` document, against the server's current `doc`,
 * without applying it, when `writer` writes it (values of kind `writer` and
 * `time` are checked against who writes and the server's clock). Returns null if it does, else the reason (a sentence
 * for the close frame). `out.missing` tells a refusal because the update
 * builds on operations the server lacks (it may come in the sender's sync
 * step 2) from a malformed one.
 */
export function checkShape(kind: DocKind, doc: Y.Doc, decoded: DecodedUpdate, writer: Writer, out?: { missing: boolean }): string | null {
	const index = new UpdateIndex(doc, decoded);
	const reason = shapeOf(kind, doc, index, writer);
	if (out) out.missing = reason !== null && index.missing;
	return reason;
}

function shapeOf(kind: DocKind, doc: Y.Doc, index: UpdateIndex, writer: Writer): string | null {
	if (index.problems.length > 0) return index.problems[0];
	if (doc.store.pendingStructs || doc.store.pendingDs) return 'the server document has pending operations an update could release';
	const locator = new Locator(doc, index, ROOTS[kind]);
	// Yjs still resolves the references of structs it already has, and leaves the update pending on a missing one.
	for (const item of index.present) {
		const parent = item.parent as unknown;
		for (const [id, role] of [[item.origin, 'origin'], [item.rightOrigin, 'right origin'], [parent instanceof Y.ID ? parent : null, 'parent']] as const) {
			if (!id) continue;
			const found = locator.refer(item, id, role);
			if (!('struct' in found)) return found.detail;
		}
	}
	const limits = new Limits(doc, index);
	for (const item of index.items) {
		const res = locator.updateItem(item);
		if (res.kind === 'gc') continue;
		if (res.kind === 'bad') return res.detail;
		const why = misfit(item, res.place, writer);
		if (why) return why;
		limits.add(item, res.place);
	}
	return limits.check();
}

/** Why an item does not fit its place; null if it does. */
function misfit(item: Y.Item, place: Place, writer: Writer): string | null {
	const { container, key } = place;
	const slot = slotOf(container, key);
	const at = key === null ? `${place.path}[]` : `${place.path}.${key}`;
	if (slot === null) {
		if (key === null) return `${place.path} is a map: list content is not allowed there`;
		if (container.kind === 'record') return `${place.path} has no field "${clip(key)}"`;
		if (container.kind === 'dict') return `${place.path} keys are at most ${container.maxKey} characters`;
		return `${place.path} is a ${container.kind}: it has no keys`;
	}
	const content = item.content;
	// Content inserted already deleted (typed and erased offline): in a map it still clears the key.
	if (content instanceof Y.ContentDeleted) return null;
	if (slot.kind === CHARS.kind) return content instanceof Y.ContentString ? null : `${place.path} holds plain text only (no embeds or formatting)`;
	if ('name' in slot) {
		return content instanceof Y.ContentType && isTypeOf(content.type, slot) ? null : `${at} must be ${describeSlot(slot)}`;
	}
	// One value per map-key item, as Y.Map.set writes it.
	if (content instanceof Y.ContentAny && content.arr.length === 1 && fitsValue(slot, content.arr[0], writer)) return null;
	return `${at} must be ${describeSlot(slot)}`;
}

function clip(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
