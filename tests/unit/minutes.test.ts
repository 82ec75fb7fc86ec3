import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ThreadView } from '$lib/board/discussion';
import { checkMeetingTitle, parseAgenda } from '$lib/board/meeting';
import { composeMinutes, type MinutesInput } from '$lib/board/minutes';
import { meetingWhen, mdEscape, minutesMarkdown, personLabel } from '$lib/board/minutes-markdown';
import type { HistoryRow } from '$lib/board/history';
import type { SuggestionView } from '$lib/board/suggestions';
import type { EntryView, ProvisionView } from '$lib/board/view';
import { minutesDocx } from '$lib/server/meetings/minutes-docx';

const T0 = Date.UTC(2026, 5, 8, 9, 30); // 8 June 2026, 09:30 UTC
const MIN = 60_000;

const PROVISIONS: ProvisionView[] = [
	{ id: 'A.a', part: 'A', letter: 'a', text: 'Review national legislation.' },
	{ id: 'A.b', part: 'A', letter: 'b', text: 'Strengthen cooperation between schools and police.' },
	{ id: 'D.e', part: 'D', letter: 'e', text: 'Protect victims during proceedings.' }
];
const VIEW = { provisions: PROVISIONS, categories: [{ id: 'training', name: 'Training/Capacity Building' }, { id: 'prevention', name: 'Prevention' }] };

function entry(id: string, fields: Partial<EntryView> = {}): EntryView {
	return { id, provision: 'A.b', category: 'training', body: 'SOM-ED', text: 'Teacher training', status: 'proposed', progress: 'proposed', uncertain: false, order: 1, ...fields };
}

let nextId = 1;
function row(kind: HistoryRow['kind'], at: number, fields: Partial<HistoryRow>): HistoryRow {
	return {
		id: nextId++,
		cell: 'A.b|training',
		kind,
		source: 'user',
		userId: 2,
		userName: 'Edna Delegate',
		body: 'SOM-ED',
		startedAt: at,
		updatedAt: at,
		seqFrom: nextId,
		seqTo: nextId,
		entryId: 'e1',
		before: null,
		after: null,
		...fields
	} as HistoryRow;
}

function thread(id: number, cell: string, at: number, extra: Partial<ThreadView> = {}): ThreadView {
	return {
		id,
		cell,
		cellLabel: cell,
		entryId: null,
		resolvedAt: null,
		resolvedByName: null,
		lastActivityAt: at,
		comments: [{ id, parentId: null, authorId: 2, authorName: 'Edna Delegate', authorBody: 'SOM-ED', body: `Question ${id}`, createdAt: at, editedAt: null }],
		...extra
	};
}

const INFO = {
	meetingId: 1,
	title: 'SOMTC WG 12',
	boardId: 'b1',
	boardTitle: 'APA board',
	startedAt: T0,
	endedAt: T0 + 90 * MIN,
	running: false,
	startedByName: 'Chris Chair',
	versionLabel: 'SOMTC WG 12 — 8 June 2026'
};

function input(rows: HistoryRow[], threads: ThreadView[] = []): MinutesInput {
	return { info: INFO, view: VIEW, agenda: ['A.b', 'D.e'], rows, threads };
}

describe('composeMinutes', () => {
	const before = entry('e1');
	const edited = entry('e1', { text: 'Teacher training with unions' });
	const agreed = entry('e1', { text: 'Teacher training with unions', status: 'agreed' });
	const chair = { userId: 1, userName: 'Chris Chair', body: 'SOMTC' };
	const rows = [
		row('edited', T0 - 10 * MIN, { before, after: entry('e1', { text: 'Old' }) }), // before the meeting
		row('edited', T0 + 5 * MIN, { before, after: edited }),
		row('status', T0 + 20 * MIN, { before: edited, after: agreed, ...chair }),
		row('lead', T0 + 30 * MIN, { cell: 'D.e|prevention', entryId: null, before: null, after: 'SOM-ED', ...chair }),
		row('added', T0 + 40 * MIN, { cell: 'A.a|prevention', entryId: 'e2', after: entry('e2', { provision: 'A.a', category: 'prevention', text: 'Off-agenda idea' }) }),
		row('edited', T0 + 200 * MIN, { before: agreed, after: entry('e1', { text: 'After the meeting' }) }) // after it
	];
	const threads = [
		thread(10, 'A.b|training', T0 + 10 * MIN),
		thread(11, 'A.b|training', T0 + 11 * MIN, { resolvedAt: T0 + 50 * MIN }),
		thread(12, 'D.e|prevention', T0 + 12 * MIN, { resolvedAt: T0 + 120 * MIN }), // resolved after the meeting: open at its end
		thread(13, 'A.a|prevention', T0 + 13 * MIN) // not on the agenda
	];
	const m = composeMinutes(input(rows, threads));

	it('lists, per agenda item in agenda order, only the changes made during the meeting', () => {
		expect(m.items.map((i) => [i.number, i.ref])).toEqual([
			[1, 'A.b'],
			[2, 'D.e']
		]);
		expect(m.items[0].changes.map((c) => c.text)).toEqual([
			'edited an entry of SOM-ED in Training/Capacity Building (added “with unions”): “Teacher training with unions”',
			'set an entry of SOM-ED in Training/Capacity Building from Proposed to Agreed: “Teacher training with unions”'
		]);
		expect(m.items[1].changes.map((c) => c.text)).toEqual(['made SOM-ED the lead body of Prevention']);
	});

	it('records entries agreed and leads assigned as decisions, with who and when', () => {
		expect(m.items[0].decisions).toEqual([
			{ kind: 'agreed', cell: 'A.b|training', where: 'Training/Capacity Building', body: 'SOM-ED', text: 'Teacher training with unions', who: 'Chris Chair', at: T0 + 20 * MIN }
		]);
		expect(m.items[1].decisions).toMatchObject([{ kind: 'lead', body: 'SOM-ED', where: 'Prevention', who: 'Chris Chair' }]);
	});

	it('lists the threads open at the end of the meeting on the agenda’s cells', () => {
		expect(m.items[0].comments.map((c) => c.threadId)).toEqual([10]);
		expect(m.items[1].comments.map((c) => c.threadId)).toEqual([12]);
	});

	it('puts changes to provisions off the agenda under “other”', () => {
		expect(m.other.changes.map((c) => c.text)).toEqual(['added an entry of SOM-ED in Prevention: “Off-agenda idea”']);
		expect(m.other.comments).toEqual([]);
	});

	it('an entry agreed and set back to proposed within the meeting is no decision', () => {
		const undone = composeMinutes(
			input([row('status', T0 + MIN, { before, after: entry('e1', { status: 'agreed' }) }), row('status', T0 + 2 * MIN, { before: entry('e1', { status: 'agreed' }), after: before })])
		);
		expect(undone.items[0].decisions).toEqual([]);
		expect(undone.items[0].changes).toHaveLength(2);
	});

	it('an agreement is read from the decision, also when the body’s own progress keeps the shown status', () => {
		const chair = { userId: 1, userName: 'Chris Chair', body: 'SOMTC' };
		const decision = { state: 'agreed' as const, by: 1, at: T0 + MIN, meeting: 1 };
		// Already reported ongoing by SOM-ED: the shown status stays "Ongoing" when the chair records agreement.
		const ongoing = entry('e1', { status: 'ongoing', progress: 'ongoing' });
		const onOngoing = composeMinutes(input([row('status', T0 + MIN, { before: ongoing, after: { ...ongoing, decision }, ...chair })])).items[0];
		expect(onOngoing.changes.map((c) => c.text)).toEqual(['recorded agreement on an entry of SOM-ED in Training/Capacity Building (Ongoing): “Teacher training”']);
		expect(onOngoing.decisions).toMatchObject([{ kind: 'agreed', body: 'SOM-ED', who: 'Chris Chair', at: T0 + MIN }]);
		const withdrawn = composeMinutes(input([row('status', T0 + MIN, { before: { ...ongoing, decision }, after: ongoing, ...chair })])).items[0];
		expect(withdrawn.changes.map((c) => c.text)).toEqual(['withdrew the agreement on an entry of SOM-ED in Training/Capacity Building (Ongoing): “Teacher training”']);
		expect(withdrawn.decisions).toEqual([]);

		// Agreed by the chair, then reported ongoing by the body in the same meeting: still agreed there.
		const agreed = entry('e1', { status: 'agreed', decision });
		const thenOngoing = composeMinutes(
			input([
				row('status', T0 + MIN, { before: entry('e1'), after: agreed, ...chair }),
				row('status', T0 + 2 * MIN, { before: agreed, after: { ...agreed, status: 'ongoing', progress: 'ongoing' } })
			])
		).items[0];
		expect(thenOngoing.decisions).toMatchObject([{ kind: 'agreed', who: 'Chris Chair', at: T0 + MIN }]);
		expect(thenOngoing.changes.map((c) => c.text)[1]).toBe('set an entry of SOM-ED in Training/Capacity Building from Agreed to Ongoing: “Teacher training”');
	});

	it('describes edits word by word, other field changes too, and names each person once', () => {
		const e = entry('e1', { text: 'Train teachers in 2017' });
		const lines = composeMinutes(
			input([
				row('edited', T0 + MIN, { before: e, after: { ...e, text: 'Train school heads in 2018' } }),
				row('edited', T0 + 2 * MIN, { before: e, after: { ...e, text: 'Something else entirely, from the start to the very end' } }),
				row('edited', T0 + 3 * MIN, { before: e, after: { ...e, uncertain: true } })
			])
		).items[0].changes.map((c) => c.text);
		expect(lines).toEqual([
			'edited an entry of SOM-ED in Training/Capacity Building (replaced “teachers” with “school heads”; replaced “2017” with “2018”): “Train school heads in 2018”',
			'edited an entry of SOM-ED in Training/Capacity Building (text rewritten, was “Train teachers in 2017”): “Something else entirely, from the start to the very end”',
			'edited an entry of SOM-ED in Training/Capacity Building (marked uncertain): “Train teachers in 2017”'
		]);
		expect(personLabel('Chris Chair (SOMTC)', 'SOMTC')).toBe('Chris Chair (SOMTC)');
		expect(personLabel('Edna', 'SOM-ED')).toBe('Edna (SOM-ED)');
	});

	it('a move between two cells of one agenda item is one line there', () => {
		const moved = entry('e1', { category: 'prevention' });
		const pair = [
			row('moved', T0 + MIN, { cell: 'A.b|training', before, after: moved, seqFrom: 99, seqTo: 99 }),
			row('moved', T0 + MIN, { cell: 'A.b|prevention', before, after: moved, seqFrom: 99, seqTo: 99 })
		];
		expect(composeMinutes(input(pair)).items[0].changes.map((c) => c.text)).toEqual([
			'moved an entry of SOM-ED from A.b · Training/Capacity Building to A.b · Prevention: “Teacher training”'
		]);
	});
});

describe('minutesMarkdown', () => {
	const rows = [
		row('edited', T0 + 5 * MIN, { before: entry('e1'), after: entry('e1', { text: 'Teacher training *with* unions' }) }),
		row('status', T0 + 20 * MIN, { before: entry('e1'), after: entry('e1', { status: 'agreed' }), userName: 'Chris Chair', body: 'SOMTC' })
	];
	const md = minutesMarkdown(composeMinutes(input(rows, [thread(10, 'D.e|prevention', T0)])));

	it('has the meeting’s facts, the agenda and one section per item', () => {
		expect(md).toContain('# Draft minutes: SOMTC WG 12');
		expect(md).toContain('- **When:** 8 June 2026, 09:30–11:00 UTC');
		expect(md).toContain('- **Board saved as version:** “SOMTC WG 12 — 8 June 2026”');
		expect(md).toContain('1. A.b — Strengthen cooperation between schools and police.\n2. D.e — Protect victims during proceedings.');
		expect(md).toContain('## 1. A.b\n\n> Strengthen cooperation between schools and police.');
		expect(md).toContain('## 2. D.e');
	});

	it('lists changes with time and author, decisions and open comments, escaping Markdown in entry text', () => {
		expect(md).toContain('- 09:35 — Edna Delegate (SOM-ED) edited an entry of SOM-ED in Training/Capacity Building (added “\\*with\\* unions”): “Teacher training \\*with\\* unions”');
		expect(md).toContain('- 09:50 — Chris Chair (SOMTC) set an entry of SOM-ED in Training/Capacity Building from Proposed to Agreed: “Teacher training”');
		expect(md).toContain('### Decisions\n\n- Agreed: SOM-ED, Training/Capacity Building — “Teacher training”');
		expect(md).toContain('### Open comments\n\n- Prevention — Edna Delegate (SOM-ED): “Question 10”');
		expect(md).toContain('### Changes during the meeting\n\n_No changes._');
		expect(md).not.toContain('Other changes');
		expect(md.endsWith('\n')).toBe(true);
	});

	it('says when minutes are a draft of a running meeting', () => {
		const running = minutesMarkdown(composeMinutes({ ...input([]), info: { ...INFO, running: true, versionLabel: null } }));
		expect(running).toContain('# Draft minutes so far: SOMTC WG 12');
		expect(running).toContain('09:30–now UTC (meeting in progress)');
		expect(running).not.toContain('version');
	});

	it('formats times across midnight and escapes syntax', () => {
		expect(meetingWhen({ startedAt: Date.UTC(2026, 0, 1, 23, 0), endedAt: Date.UTC(2026, 0, 2, 1, 5), running: false })).toBe(
			'1 January 2026, 23:00 UTC – 2 January 2026, 01:05 UTC'
		);
		expect(mdEscape('a_b [c] <d> #e')).toBe('a\\_b \\[c\\] \\<d\\> \\#e');
	});
});

describe('suggestions rejected or withdrawn', () => {
	function suggestion(id: number, fields: Partial<SuggestionView>): SuggestionView {
		return {
			id,
			kind: 'wording',
			state: 'rejected',
			targetBody: 'SOMTC',
			cell: 'A.b|training',
			entryId: 'e9',
			provisionId: 'A.b',
			toCell: null,
			text: 'Police and school heads, jointly',
			baseText: 'Police training',
			reason: null,
			authorId: 2,
			authorName: 'Edna Delegate',
			authorBody: 'SOM-ED',
			createdAt: T0 - 60 * MIN,
			decidedById: 3,
			decidedByName: 'Tom Crime',
			decidedAt: T0 + 15 * MIN,
			...fields
		};
	}
	const suggestions = [
		suggestion(1, {}),
		suggestion(2, { decidedAt: T0 - 5 * MIN, text: 'Rejected before the meeting' }),
		suggestion(3, { decidedAt: T0 + 100 * MIN, text: 'Rejected after it' }),
		suggestion(4, { state: 'accepted', text: 'Accepted: a change, not listed here' }),
		suggestion(5, { state: 'open', decidedAt: null, decidedById: null, decidedByName: null, text: 'Still open' }),
		suggestion(6, { kind: 'move', text: null, toCell: 'D.e|prevention', state: 'withdrawn', decidedByName: 'Edna Delegate', decidedAt: T0 + 30 * MIN }),
		suggestion(7, { kind: 'provision', targetBody: null, cell: null, entryId: null, provisionId: 'A.a', text: 'Review and amend national legislation.' })
	];
	const m = composeMinutes({ ...input([]), suggestions });

	it('names those closed during the meeting under their agenda item (else with the other changes), with who suggested and who rejected', () => {
		expect(m.items[0].suggestions).toEqual([
			expect.objectContaining({ id: 1, state: 'rejected', what: 'New wording for a SOMTC entry in Training/Capacity Building', text: '“Police and school heads, jointly”', author: 'Edna Delegate', authorBody: 'SOM-ED', decidedBy: 'Tom Crime' }),
			expect.objectContaining({ id: 6, state: 'withdrawn', what: 'Move a SOMTC entry in Training/Capacity Building', text: '“Police training” → D.e · Prevention' })
		]);
		expect(m.items[1].suggestions).toEqual([]);
		expect(m.other.suggestions.map((s) => [s.id, s.what])).toEqual([[7, 'New wording for the provision']]);
	});

	it('prints them in the Markdown and the Word minutes', async () => {
		const md = minutesMarkdown(m);
		expect(md).toContain(
			'### Suggestions rejected or withdrawn\n\n- Rejected: New wording for a SOMTC entry in Training/Capacity Building, suggested by Edna Delegate (SOM-ED), rejected by Tom Crime — “Police and school heads, jointly”'
		);
		expect(md).toContain('- Withdrawn: Move a SOMTC entry in Training/Capacity Building, suggested and withdrawn by Edna Delegate (SOM-ED) — “Police training” → D.e · Prevention');
		expect(md).toContain('## Other changes during the meeting');
		for (const outside of ['before the meeting', 'after it', 'Accepted:', 'Still open']) expect(md).not.toContain(outside);
		const xml = await (await JSZip.loadAsync(await minutesDocx(m))).file('word/document.xml')!.async('string');
		expect(xml).toContain('Suggestions rejected or withdrawn');
		expect(xml).toContain('rejected by Tom Crime');
	});
});

describe('agendas and titles', () => {
	it('reads references in the order given, by ref or id, case-insensitively', () => {
		expect(parseAgenda('D.e, a.b', PROVISIONS)).toEqual({ agenda: ['D.e', 'A.b'] });
		expect(parseAgenda('A.b\nA.a; D.e', PROVISIONS)).toEqual({ agenda: ['A.b', 'A.a', 'D.e'] });
	});
	it('says what is wrong', () => {
		expect(parseAgenda('  ', PROVISIONS)).toMatchObject({ problem: expect.stringContaining('at least one') });
		expect(parseAgenda('A.b, Z.z', PROVISIONS)).toEqual({ problem: 'This board has no provision Z.z. Use references such as A.a, A.b, D.e.' });
		expect(parseAgenda('A.b, a.b', PROVISIONS)).toEqual({ problem: 'a.b is on the agenda twice.' });
	});
	it('checks titles', () => {
		expect(checkMeetingTitle('  WG   12 ')).toEqual({ title: 'WG 12' });
		expect(checkMeetingTitle('')).toMatchObject({ problem: 'Give the meeting a title.' });
		expect(checkMeetingTitle('x'.repeat(81))).toMatchObject({ problem: expect.stringContaining('80') });
	});
});

describe('minutesDocx', () => {
	it('writes a Word document with the same facts, sections and lines as the Markdown', async () => {
		const rows = [row('status', T0 + 20 * MIN, { before: entry('e1'), after: entry('e1', { status: 'agreed' }), userName: 'Chris Chair (SOMTC)', body: 'SOMTC' })];
		const minutes = composeMinutes(input(rows, [thread(10, 'D.e|prevention', T0)]));
		const zip = await JSZip.loadAsync(await minutesDocx(minutes));
		const xml = await zip.file('word/document.xml')!.async('string');
		const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
		for (const expected of [
			'Draft minutes: SOMTC WG 12',
			'8 June 2026, 09:30–11:00 UTC',
			'1. A.b',
			'09:50 — Chris Chair (SOMTC) set an entry of SOM-ED in Training/Capacity Building from Proposed to Agreed: “Teacher training”',
			'Agreed: SOM-ED, Training/Capacity Building — “Teacher training”',
			'Prevention — Edna Delegate (SOM-ED): “Question 10”',
			'No changes.'
		]) {
			expect(text).toContain(expected);
		}
	});
});
