import { describe, expect, it } from 'vitest';
import { ActivityQuery, CellHistoryQuery, RestoreInput } from '$lib/contract/history';
import { CommentChange, CommentListingQuery, NewComment } from '$lib/contract/comments';
import { DEFAULT_PUBLICATION, EXPORT_FORMAT_LABELS, EXPORT_FORMATS, ExportQuery, exportParams, publicationFromParams } from '$lib/contract/exports';
import { NotificationsRead } from '$lib/contract/notifications';
import { NewSuggestion, SuggestionListingQuery } from '$lib/contract/suggestions';
import { ProcedureInput } from '$lib/contract/entries';
import { SourceLinesQuery } from '$lib/contract/sources';
import { parse } from '$lib/server/http';

/** The schemas the endpoints parse their input with: what passes, and the sentence for what does not. */

const problem = (schema: Parameters<typeof parse>[0], data: unknown, naming = true) => {
	try {
		parse(schema, data, naming);
		return null;
	} catch (e) {
		return (e as Error).message;
	}
};

describe('comment input', () => {
	it('takes a new thread or a reply, and refuses keys it does not know', () => {
		expect(NewComment.parse({ cell: 'p1|c1', body: 'Hello' })).toEqual({ cell: 'p1|c1', body: 'Hello' });
		expect(NewComment.parse({ cell: 'p1|c1', body: 'Re', parentId: 4, entryId: null })).toMatchObject({ parentId: 4 });
		expect(problem(NewComment, { cell: 'p1|c1' })).toBe('body: Send the comment’s text as `body`.');
		expect(problem(NewComment, { cell: 'p1|c1', body: 'x', author: 1 })).toMatch(/author/);
		expect(problem(NewComment, { cell: 'p1|c1', body: 'x', parentId: 0 })).toMatch(/^parentId:/);
	});

	it('edits or resolves, not both and not neither', () => {
		expect(CommentChange.parse({ resolved: true })).toEqual({ resolved: true });
		expect(CommentChange.parse({ body: 'Edited' })).toEqual({ body: 'Edited' });
		const either = 'Send either { body } to edit the comment or { resolved } to resolve or reopen its thread.';
		expect(problem(CommentChange, { body: 'x', resolved: true })).toBe(either);
		expect(problem(CommentChange, {})).toBe(either);
	});

	it('lists a named cell only', () => {
		expect(problem(CommentListingQuery, {}, false)).toBe('Say which cell: ?cell=<provision>|<category>.');
		expect(problem(CommentListingQuery, { cell: 'ab' }, false)).toBe('Say which cell: ?cell=<provision>|<category>.');
	});
});

describe('suggestion input', () => {
	it('knows the four kinds, each with its own fields', () => {
		expect(NewSuggestion.parse({ kind: 'move', entryId: 'e1', toCell: 'p1|c2' })).toEqual({ kind: 'move', entryId: 'e1', toCell: 'p1|c2' });
		expect(problem(NewSuggestion, { kind: 'rename' })).toBe('kind: Say what kind of suggestion: wording, new-entry, move or provision.');
		expect(problem(NewSuggestion, { kind: 'wording', entryId: 'e1' })).toBe('text: Send the suggested text as `text`.');
		expect(problem(NewSuggestion, { kind: 'wording', id: 'not-a-uuid', entryId: 'e1', text: 'x' })).toBe('id: A suggestion’s `id` must be a UUID.');
	});

	it('lists the open ones unless asked for all', () => {
		expect(SuggestionListingQuery.parse({})).toEqual({ state: 'open' });
		expect(SuggestionListingQuery.parse({ state: 'all' })).toEqual({ state: 'all' });
	});
});

describe('entry, history and notification input', () => {
	it('starts a procedure or answers one', () => {
		expect(ProcedureInput.parse({ action: 'start', kind: 'silence', deadline: 1 })).toMatchObject({ kind: 'silence' });
		expect(problem(ProcedureInput, { action: 'start', kind: 'vote', deadline: 1 })).toBe('kind: Send `kind`: ad-referendum or silence.');
		expect(problem(ProcedureInput, { action: 'veto' })).toBe('action: Send `action`: start, confirm or object.');
	});

	it('reads a cell and a time or a version from the query', () => {
		expect(CellHistoryQuery.parse({ cell: 'p1|c1', user: '7' })).toEqual({ cell: 'p1|c1', user: 7 });
		expect(problem(CellHistoryQuery, { cell: 'p1' }, false)).toBe('Name a cell as cell=<provision>|<category>.');
		expect(ActivityQuery.parse({ since: '1700000000000' })).toEqual({ since: 1_700_000_000_000 });
		expect(ActivityQuery.parse({ version: 'As of 31 May' })).toEqual({ version: 'As of 31 May' });
		expect(problem(ActivityQuery, {}, false)).toBe('Give since=<ms since 1970> or version=<label>.');
		expect(problem(RestoreInput, { cell: 'p1|c1', row: 1, scope: 'board', at: 'after' })).toMatch(/^scope:/);
	});

	it('asks for lines of the 2016 matrix by number', () => {
		expect(SourceLinesQuery.parse({ from: '10', to: '12' })).toEqual({ from: 10, to: 12 });
		expect(SourceLinesQuery.parse({ from: '10' })).toEqual({ from: 10 });
		expect(problem(SourceLinesQuery, { from: 'abc' }, false)).toBe('Those lines are not in the 2016 matrix: ask for from=<first line>&to=<last line>.');
		expect(problem(SourceLinesQuery, { from: '2.5' }, false)).toMatch(/not in the 2016 matrix/);
	});

	it('marks some notifications read, or all', () => {
		expect(NotificationsRead.parse({ ids: [1, 2] })).toEqual({ ids: [1, 2] });
		expect(NotificationsRead.parse({ all: true })).toEqual({ all: true });
		expect(problem(NotificationsRead, {})).toBe('Send { ids: [notification ids] } or { all: true }.');
		expect(problem(NotificationsRead, { ids: [] })).toMatch(/^ids:/);
	});
});

describe('export query', () => {
	it('names the formats it knows when given another', () => {
		expect(problem(ExportQuery, { format: 'odt' }, false)).toBe('Unknown export format “odt”. Use one of xlsx, docx, pdf, csv, json.');
		expect(ExportQuery.parse({ format: 'pdf', progress: '3' })).toEqual({ format: 'pdf', progress: 3 });
	});

	it('labels every format for the dialog', () => {
		expect(Object.keys(EXPORT_FORMAT_LABELS)).toEqual([...EXPORT_FORMATS]);
	});

	it('is what the browser builds: the server reads back the request it was sent', () => {
		const publication = { emptyProvisions: 'note', legend: false, paper: 'A4', large: false } as const;
		const params = exportParams({ format: 'docx', version: 'Final', comments: true, publication });
		expect(ExportQuery.parse(Object.fromEntries(params))).toEqual({ format: 'docx', version: 'Final', comments: '1' });
		expect(publicationFromParams(params)).toEqual(publication);
		expect(ExportQuery.parse(Object.fromEntries(exportParams({ format: 'pdf', progress: 4 })))).toEqual({ format: 'pdf', progress: 4 });
		// Data formats take neither the annex nor the publication options.
		const csv = exportParams({ format: 'csv', comments: true, publication });
		expect([...csv.keys()]).toEqual(['format']);
		expect(publicationFromParams(csv)).toEqual(DEFAULT_PUBLICATION);
	});
});
