import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyDocName, PLAN_DOC, type TransactionOrigin } from '$lib/board/doc';
import { addEntry, setEntryText, setLead } from '$lib/board/mutations';
import { changedThings } from '$lib/client/changed-things';
import { firstEntryId } from '../helpers/board-edits';
import { seededDocs } from '../helpers/seeded-doc';

const ME: TransactionOrigin = { source: 'user', userId: 1 };

describe('changedThings: changes as a person counts them', () => {
	it('one added entry and keystrokes in another are two changes, however many keystrokes', () => {
		const docs = seededDocs();
		const seen = new Set<string>();
		const collect = (name: string) => (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => changedThings(name, tr).forEach((t) => seen.add(t));
		docs.body('SOMTC').on('update', collect(bodyDocName('SOMTC')));
		docs.plan.on('update', collect(PLAN_DOC));
		const added = addEntry(docs, { provision: 'A.a', category: 'training', body: 'SOMTC', text: 'New' }, ME);
		const other = firstEntryId(docs, 'SOMTC');
		let text = readText(docs, other);
		for (const ch of ' typed one key at a time') setEntryText(docs, other, (text += ch), ME);
		setEntryText(docs, added, 'New, edited', ME);
		expect(seen.size).toBe(2);
		setLead(docs, 'A.a', 'training', 'SOMTC', ME);
		expect(seen.size).toBe(3);
	});
});

function readText(docs: ReturnType<typeof seededDocs>, id: string): string {
	const body = docs.bodyOfEntry(id)!;
	return String(docs.body(body).getMap('entries').get(id) && (docs.body(body).getMap('entries').get(id) as Y.Map<unknown>).get('text'));
}
