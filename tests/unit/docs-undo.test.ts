import { describe, expect, it } from 'vitest';
import { PLAN_DOC, bodyDocName, leadsMap, type TransactionOrigin } from '$lib/board/doc';
import { setEntryText, setLead } from '$lib/board/mutations';
import { readBoard } from '$lib/board/view';
import { DocsUndo } from '$lib/client/docs-undo';
import { firstEntryId } from '../helpers/board-edits';
import { seededDocs } from '../helpers/seeded-doc';

// The chair writes two documents (their body's and the plan): Ctrl+Z undoes
// their last step wherever it was, and never anyone else's.

const MINE: TransactionOrigin = { source: 'user', userId: 1 };
const THEIRS: TransactionOrigin = { source: 'user', userId: 2 };

function setUp() {
	const docs = seededDocs();
	const undo = new DocsUndo(MINE);
	undo.track(PLAN_DOC, docs.plan);
	undo.track(bodyDocName('SOMTC'), docs.body('SOMTC'));
	const entry = firstEntryId(docs, 'SOMTC');
	const text = () => readBoard(docs).entries.find((e) => e.id === entry)!.text;
	return { docs, undo, entry, text };
}


describe('undo across the documents one writes', () => {
	it('undoes the last step first, in whichever document it was, then redoes them in order', async () => {
		const { docs, undo, entry, text } = setUp();
		const original = text();
		setEntryText(docs, entry, `${original} (mine)`, MINE);
		await new Promise((resolve) => setTimeout(resolve, 850));
		setLead(docs, 'A.a', 'institutional', 'SOMTC', MINE);

		undo.undo();
		expect(leadsMap(docs.plan).has('A.a|institutional')).toBe(false);
		expect(text()).toBe(`${original} (mine)`);
		undo.undo();
		expect(text()).toBe(original);
		expect(undo.canUndo).toBe(false);

		undo.redo();
		expect(text()).toBe(`${original} (mine)`);
		expect(leadsMap(docs.plan).has('A.a|institutional')).toBe(false);
		undo.redo();
		expect(leadsMap(docs.plan).get('A.a|institutional')).toBe('SOMTC');
	});

	it('never undoes someone else’s edit, and a new edit drops the steps that could be redone', async () => {
		const { docs, undo, entry, text } = setUp();
		const original = text();
		setEntryText(docs, entry, `${original} (mine)`, MINE);
		await new Promise((resolve) => setTimeout(resolve, 850));
		setLead(docs, 'A.b', 'research', 'AICHR', THEIRS);
		undo.undo();
		expect(text()).toBe(original);
		expect(leadsMap(docs.plan).get('A.b|research')).toBe('AICHR');

		setLead(docs, 'A.c', 'training', 'SOMTC', MINE);
		undo.redo();
		expect(text()).toBe(original);
	});
});
