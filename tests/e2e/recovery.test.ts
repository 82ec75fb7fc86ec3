import * as Y from 'yjs';
import { entriesMap, mapOf } from '../../src/lib/board/doc';
import { DEMO } from '../helpers/demo';
import { cell, expect, test } from './fixtures';

// A browser holding a copy of a document its person may not write that the
// server does not have (a restored backup, a tampered copy) is not locked
// out: that document is reset to the server's copy and the board says so,
// while the person's own documents keep working.

/** An update adding an SOMTC entry, standing on its own (a new key of the root map). */
function staleSomtcEntry(): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		entriesMap(doc).set(
			'stale-entry',
			mapOf({ provision: 'A.a', category: 'prevention', text: new Y.Text('Entry from a lost backup'), status: 'proposed', uncertain: false, order: 999 })
		);
	});
	return Y.encodeStateAsUpdate(doc);
}

test('a copy of another body’s entries the server lacks is reset to the server’s, and the delegate’s own edits still go through', async ({ openBoardAs }) => {
	const somEd = await openBoardAs(DEMO.delegate('SOM-ED'));
	const observer = await openBoardAs(DEMO.observer);
	// Put the stale entry into this browser's local copy of SOMTC's document, as a restore would leave it.
	await somEd.evaluate(async (bytes) => {
		const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.endsWith(':body:SOMTC'));
		if (!name) throw new Error('no local copy of body:SOMTC');
		await new Promise<void>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const tx = open.result.transaction('updates', 'readwrite');
				tx.objectStore('updates').add(new Uint8Array(bytes));
				tx.oncomplete = () => (open.result.close(), resolve());
				tx.onerror = () => reject(tx.error);
			};
		});
	}, Array.from(staleSomtcEntry()));

	await somEd.reload();
	await expect(somEd.locator('[data-refused="body:SOMTC"]')).toContainText('differs from the server’s');
	await expect(cell(somEd, 'A.a', 'prevention')).not.toContainText('Entry from a lost backup');
	await expect(cell(observer, 'A.a', 'prevention')).not.toContainText('Entry from a lost backup');

	// Their own body's document is untouched by the reset: an entry they add reaches everyone.
	await cell(somEd, 'C.a', 'training').getByRole('button', { name: 'Add an activity to C.a, Training/Capacity Building' }).click();
	await somEd.getByRole('textbox', { name: 'New activity under C.a, Training/Capacity Building' }).fill('Added after the reset');
	await somEd.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(cell(observer, 'C.a', 'training').locator('section[data-body="SOM-ED"]')).toContainText('Added after the reset');
	// After another reload the reset copy stays the server's: nothing is refused again.
	await somEd.reload();
	await expect(somEd.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await expect(somEd.locator('[data-refused]')).toHaveCount(0);
});
