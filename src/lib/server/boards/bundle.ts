import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { BoardDocs, emptyDoc } from '../../board/doc';

/**
 * One value holding every document of a board (a named version's state):
 * varUint count, then per document its name and its full Yjs v1 state.
 */
export function encodeBoardBundle(docs: BoardDocs): Uint8Array {
	const named = Array.from(docs.named());
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, named.length);
	for (const [name, doc] of named) {
		encoding.writeVarString(encoder, name);
		encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
	}
	return encoding.toUint8Array(encoder);
}

/** The documents of a bundle (fresh copies). */
export function decodeBoardBundle(bundle: Uint8Array): BoardDocs {
	const decoder = decoding.createDecoder(bundle);
	const states = new Map<string, Uint8Array>();
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) states.set(decoding.readVarString(decoder), decoding.readVarUint8Array(decoder));
	const docs = new BoardDocs((name) => {
		const doc = emptyDoc(name);
		const state = states.get(name);
		if (state) Y.applyUpdate(doc, state, { source: 'server' });
		return doc;
	});
	for (const name of states.keys()) docs.byName(name);
	return docs;
}
