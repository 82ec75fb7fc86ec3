import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/**
 * The awareness for a provider of a document that carries no presence (all
 * of a board's but the plan): no local state from the start, so the provider
 * never encodes nor sends the empty state a new `Awareness` begins with, nor
 * renews it every 15 s. It ends with its document.
 *
 *     new WebsocketProvider(url, name, doc, { awareness: noPresence(doc) });
 */
export function noPresence(doc: Y.Doc): Awareness {
	const awareness = new Awareness(doc);
	awareness.setLocalState(null);
	return awareness;
}
