import { describe, it, expect } from 'vitest';
import {
	can,
	canEditAnything,
	canEditEntriesOf,
	canEditStructure,
	canReassignBody,
	canSetBoardStatus,
	canSetLeads,
	canComment,
	canResolveThread,
	canSetDiscussionSettings,
	canRunMeeting,
	reasonDecide,
	reasonEntries,
	reasonLeads,
	reasonStructure,
	whyNot,
	whyNotWriteDoc,
	type Actor,
	type BoardAction
} from '$lib/board/permissions';

const ACTORS = {
	observer: { role: 'observer', body: null },
	'SOMTC delegate': { role: 'delegate', body: 'SOMTC' },
	'SOM-ED delegate': { role: 'delegate', body: 'SOM-ED' },
	'delegate of no body': { role: 'delegate', body: null },
	'chair (SOMTC)': { role: 'chair', body: 'SOMTC' },
	'chair (no body)': { role: 'chair', body: null },
	secretariat: { role: 'secretariat', body: null }
} satisfies Record<string, Actor>;
type Who = keyof typeof ACTORS;
const EVERYONE = Object.keys(ACTORS) as Who[];

/** Rules on an open board: action → who may do it. */
const OPEN_BOARD: Array<[string, BoardAction, Who[]]> = [
	['edit SOMTC entries', { kind: 'edit-entries', body: 'SOMTC' }, ['SOMTC delegate', 'chair (SOMTC)', 'secretariat']],
	['edit SOM-ED entries', { kind: 'edit-entries', body: 'SOM-ED' }, ['SOM-ED delegate', 'secretariat']],
	['edit entries of no body', { kind: 'edit-entries', body: '' }, ['secretariat']],
	['assign lead bodies', { kind: 'set-leads' }, ['chair (SOMTC)', 'chair (no body)', 'secretariat']],
	['edit provisions, categories, parts, meta', { kind: 'edit-structure' }, ['chair (SOMTC)', 'chair (no body)', 'secretariat']],
	['re-attribute an entry', { kind: 'reassign-body' }, ['secretariat']],
	['record or withdraw agreement on an entry, meeting or not', { kind: 'decide' }, ['chair (SOMTC)', 'chair (no body)', 'secretariat']],
	['finalize the board', { kind: 'set-board-status', to: 'finalized' }, ['chair (SOMTC)', 'chair (no body)', 'secretariat']],
	['keep the board open', { kind: 'set-board-status', to: 'open' }, EVERYONE.filter((w) => w !== 'observer')]
];

describe('rules on an open board', () => {
	for (const [label, action, allowed] of OPEN_BOARD) {
		for (const who of EVERYONE) {
			const expected = allowed.includes(who);
			it(`${label}: ${who} → ${expected ? 'allowed' : 'refused'}`, () => {
				expect(can(ACTORS[who], action, 'open')).toBe(expected);
				const reason = whyNot(ACTORS[who], action, 'open');
				if (expected) expect(reason).toBeNull();
				else expect(reason).toMatch(/^[A-Z].+\.$/);
			});
		}
	}
});

describe('rules on a finalized board', () => {
	const FINALIZED: Array<[string, BoardAction, Who[]]> = [
		...OPEN_BOARD.filter(([, a]) => a.kind !== 'set-board-status').map(
			([label, action]): [string, BoardAction, Who[]] => [label, action, []]
		),
		['reopen the board', { kind: 'set-board-status', to: 'open' }, ['chair (SOMTC)', 'chair (no body)', 'secretariat']],
		['stay finalized', { kind: 'set-board-status', to: 'finalized' }, EVERYONE.filter((w) => w !== 'observer')]
	];
	for (const [label, action, allowed] of FINALIZED) {
		for (const who of EVERYONE) {
			const expected = allowed.includes(who);
			it(`${label}: ${who} → ${expected ? 'allowed' : 'refused'}`, () => {
				expect(can(ACTORS[who], action, 'finalized')).toBe(expected);
			});
		}
	}
});

describe('named rule functions agree with can()', () => {
	for (const who of EVERYONE) {
		const a = ACTORS[who];
		for (const status of ['open', 'finalized'] as const) {
			it(`${who}, ${status}`, () => {
				expect(canEditEntriesOf(a, 'SOMTC', status)).toBe(can(a, { kind: 'edit-entries', body: 'SOMTC' }, status));
				expect(canSetLeads(a, status)).toBe(can(a, { kind: 'set-leads' }, status));
				expect(canEditStructure(a, status)).toBe(can(a, { kind: 'edit-structure' }, status));
				expect(canReassignBody(a, status)).toBe(can(a, { kind: 'reassign-body' }, status));
				expect(canSetBoardStatus(a, 'finalized', status)).toBe(
					can(a, { kind: 'set-board-status', to: 'finalized' }, status)
				);
				expect(reasonEntries(a, 'SOM-ED', status)).toBe(whyNot(a, { kind: 'edit-entries', body: 'SOM-ED' }, status));
				expect(reasonLeads(a, status)).toBe(whyNot(a, { kind: 'set-leads' }, status));
				expect(reasonStructure(a, status)).toBe(whyNot(a, { kind: 'edit-structure' }, status));
				expect(reasonDecide(a, status)).toBe(whyNot(a, { kind: 'decide' }, status));
			});
		}
	}
});

describe('whyNotWriteDoc: who may write which document of a board', () => {
	const OBSERVER = 'Observers can read but not edit.';
	const FINALIZED = 'This board is finalized: it is read-only until the secretariat reopens it.';
	const PLAN_REFUSED = 'Only the chair and the secretariat write the plan: provisions, categories, leads and agreement.';
	/** No actor here is an AICHR delegate: body:AICHR is everyone's "other body". */
	const OTHER = 'AICHR';
	/** Who writes what on an open board; `own` is null for an actor who represents no body. */
	const WRITES: Record<Who, { plan: boolean; own: boolean | null; other: boolean }> = {
		observer: { plan: false, own: null, other: false },
		'SOMTC delegate': { plan: false, own: true, other: false },
		'SOM-ED delegate': { plan: false, own: true, other: false },
		'delegate of no body': { plan: false, own: null, other: false },
		'chair (SOMTC)': { plan: true, own: true, other: false },
		'chair (no body)': { plan: true, own: null, other: false },
		secretariat: { plan: true, own: null, other: true }
	};
	const UNKNOWN = ['', 'board', 'Plan', 'plan:', 'body:', 'entries', 'meta'];

	/** The sentence a refusal gives, or null when allowed. */
	function expected(who: Who, allowed: boolean, status: 'open' | 'finalized', refusedOpen: string): string | null {
		if (who === 'observer') return OBSERVER;
		if (status === 'finalized') return FINALIZED;
		return allowed ? null : refusedOpen;
	}

	for (const who of EVERYONE) {
		const actor = ACTORS[who];
		const rule = WRITES[who];
		for (const status of ['open', 'finalized'] as const) {
			it(`${who}, ${status}: the plan`, () => {
				expect(whyNotWriteDoc(actor, 'plan', status)).toBe(expected(who, rule.plan, status, PLAN_REFUSED));
			});
			if (rule.own !== null) {
				it(`${who}, ${status}: their own body’s document`, () => {
					const own = actor.body!;
					expect(whyNotWriteDoc(actor, `body:${own}`, status)).toBe(
						expected(who, rule.own!, status, `Only ${own} delegates can edit ${own} entries.`)
					);
				});
			}
			it(`${who}, ${status}: another body’s document`, () => {
				expect(whyNotWriteDoc(actor, `body:${OTHER}`, status)).toBe(
					expected(who, rule.other, status, `Only ${OTHER} delegates can edit ${OTHER} entries.`)
				);
			});
			it(`${who}, ${status}: names that are no document of a board`, () => {
				for (const name of UNKNOWN) expect(whyNotWriteDoc(actor, name, status)).toBe(`There is no document ${name} on a board.`);
			});
			it(`${who}, ${status}: agrees with what the UI allows`, () => {
				const plan = whyNotWriteDoc(actor, 'plan', status) === null;
				// The plan holds leads, structure and decisions: one right for all three.
				for (const kind of ['set-leads', 'edit-structure', 'decide'] as const) expect(can(actor, { kind }, status)).toBe(plan);
				for (const body of ['SOMTC', 'SOM-ED', OTHER]) {
					expect(whyNotWriteDoc(actor, `body:${body}`, status)).toBe(whyNot(actor, { kind: 'edit-entries', body }, status));
				}
			});
		}
	}

	it('on a finalized board nobody writes any document', () => {
		const names = ['plan', 'body:SOMTC', 'body:SOM-ED', `body:${OTHER}`];
		for (const who of EVERYONE) for (const name of names) expect(whyNotWriteDoc(ACTORS[who], name, 'finalized')).not.toBeNull();
	});

	it('on an open board, the documents each actor may write', () => {
		const names = ['plan', 'body:SOMTC', 'body:SOM-ED', `body:${OTHER}`];
		const writable = Object.fromEntries(EVERYONE.map((w) => [w, names.filter((n) => whyNotWriteDoc(ACTORS[w], n, 'open') === null)]));
		expect(writable).toEqual({
			observer: [],
			'SOMTC delegate': ['body:SOMTC'],
			'SOM-ED delegate': ['body:SOM-ED'],
			'delegate of no body': [],
			'chair (SOMTC)': ['plan', 'body:SOMTC'],
			'chair (no body)': ['plan'],
			secretariat: names
		});
	});
});

describe('reasons for disabled controls', () => {
	const cases: Array<[Who, BoardAction, 'open' | 'finalized', string]> = [
		['SOM-ED delegate', { kind: 'edit-entries', body: 'SOMTC' }, 'open', 'Only SOMTC delegates can edit SOMTC entries.'],
		['chair (SOMTC)', { kind: 'edit-entries', body: 'SOM-ED' }, 'open', 'Only SOM-ED delegates can edit SOM-ED entries.'],
		['SOMTC delegate', { kind: 'set-leads' }, 'open', 'Only the chair and the secretariat assign lead bodies.'],
		['SOMTC delegate', { kind: 'decide' }, 'open', 'Only the chair and the secretariat record agreement.'],
		['SOMTC delegate', { kind: 'edit-structure' }, 'open', 'Only the chair and the secretariat can edit provisions, categories and parts.'],
		['secretariat', { kind: 'decide' }, 'finalized', 'This board is finalized: it is read-only until the secretariat reopens it.'],
		['observer', { kind: 'edit-entries', body: 'SOMTC' }, 'open', 'Observers can read but not edit.'],
		['observer', { kind: 'set-board-status', to: 'open' }, 'finalized', 'Observers can read but not edit.'],
		[
			'SOMTC delegate',
			{ kind: 'edit-entries', body: 'SOMTC' },
			'finalized',
			'This board is finalized: it is read-only until the secretariat reopens it.'
		],
		[
			'chair (SOMTC)',
			{ kind: 'set-leads' },
			'finalized',
			'This board is finalized: it is read-only until the secretariat reopens it.'
		],
		['chair (SOMTC)', { kind: 'reassign-body' }, 'open', 'Only the secretariat can move an entry to another body.'],
		['SOMTC delegate', { kind: 'set-board-status', to: 'finalized' }, 'open', 'Only the chair or the secretariat can finalize a board.']
	];
	for (const [who, action, status, sentence] of cases) {
		it(`${who}, ${action.kind}, ${status}: “${sentence}”`, () => {
			expect(whyNot(ACTORS[who], action, status)).toBe(sentence);
		});
	}
});

describe('canEditAnything', () => {
	const expected: Record<Who, boolean> = {
		observer: false,
		'SOMTC delegate': true,
		'SOM-ED delegate': true,
		'delegate of no body': false,
		'chair (SOMTC)': true,
		'chair (no body)': true,
		secretariat: true
	};
	for (const who of EVERYONE) {
		it(`${who}: ${expected[who]} on an open board, false when finalized`, () => {
			expect(canEditAnything(ACTORS[who], 'open')).toBe(expected[who]);
			expect(canEditAnything(ACTORS[who], 'finalized')).toBe(false);
		});
	}
});

describe('discussion', () => {
	const commenters: Who[] = EVERYONE.filter((w) => w !== 'observer');
	for (const who of EVERYONE) {
		const allowed = commenters.includes(who);
		it(`${who}: comments ${allowed ? 'always' : 'only where the secretariat allows it'}, on open and finalized boards alike`, () => {
			expect(canComment(ACTORS[who], { observersMayComment: false })).toBe(allowed);
			expect(canComment(ACTORS[who], { observersMayComment: true })).toBe(true);
		});
	}
	it('a thread is resolved by its author, the chair or the secretariat', () => {
		expect(EVERYONE.filter((w) => canResolveThread(ACTORS[w], false))).toEqual(['chair (SOMTC)', 'chair (no body)', 'secretariat']);
		expect(EVERYONE.every((w) => canResolveThread(ACTORS[w], true))).toBe(true);
	});
	it('only the secretariat opens the discussion to observers', () => {
		expect(EVERYONE.filter((w) => canSetDiscussionSettings(ACTORS[w]))).toEqual(['secretariat']);
	});
});

describe('meetings', () => {
	it('the chair and the secretariat run meetings', () => {
		expect(EVERYONE.filter((w) => canRunMeeting(ACTORS[w]))).toEqual(['chair (SOMTC)', 'chair (no body)', 'secretariat']);
	});
	it('the chair records agreement on any body’s entry, but another body’s progress is that body’s to report', () => {
		expect(whyNot(ACTORS['chair (SOMTC)'], { kind: 'decide' }, 'open')).toBeNull();
		expect(whyNot(ACTORS['chair (SOMTC)'], { kind: 'edit-entries', body: 'SOM-ED' }, 'open')).toBe(
			'Only SOM-ED delegates can edit SOM-ED entries.'
		);
	});
});
