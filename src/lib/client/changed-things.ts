import type * as Y from 'yjs';

/**
 * What a transaction changed, as a person counts changes: the entries,
 * leads, decisions, provisions or columns it touched (keyed by the top-level
 * map key or the array item), not its keystrokes. "3 changes not yet sent"
 * after adding one entry and typing into two others, however long the typing.
 */
export function changedThings(docName: string, transaction: Y.Transaction): string[] {
	const things = new Set<string>();
	for (const [type, keys] of transaction.changed) {
		const item = topItem(type);
		if (item) things.add(`${docName}:${item.parentSub ?? `${item.id.client}:${item.id.clock}`}`);
		else for (const key of keys) things.add(`${docName}:${key ?? 'list'}`);
	}
	return Array.from(things);
}

/** The item holding `type` directly under a top-level type (an entry's map); null for a top-level type itself. */
function topItem(type: Y.AbstractType<Y.YEvent<any>>): Y.Item | null {
	let item = type._item;
	while (item && (item.parent as Y.AbstractType<Y.YEvent<any>>)._item) item = (item.parent as Y.AbstractType<Y.YEvent<any>>)._item;
	return item;
}
