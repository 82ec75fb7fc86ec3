import { describe, expect, it } from 'vitest';
import { decisionWords } from '$lib/board/minutes';

// The minutes name each kind of decision: a reservation with its body and
// footnote, a procedure started, and how the server closed it.

describe('decisionWords', () => {
	const base = { by: 1, at: 0, meeting: null };
	const procedure = { deadline: 10, confirmed: [], objected: [] as string[], outcome: null, closedAt: null };
	it('says what was decided', () => {
		expect(decisionWords(undefined)).toBeNull();
		expect(decisionWords({ ...base, state: 'agreed' })).toBe('agreement');
		expect(decisionWords({ ...base, state: 'reserved', reservation: { body: 'ACWC', text: 'Pending its capitals' } })).toBe(
			'agreement with a reservation by ACWC (“Pending its capitals”)'
		);
		expect(decisionWords({ ...base, state: 'silence', procedure })).toBe('silence procedure started');
		expect(decisionWords({ ...base, state: 'silence', procedure: { ...procedure, outcome: 'agreed', closedAt: 11 } })).toBe('silence procedure closed: agreed');
		expect(decisionWords({ ...base, state: 'ad-referendum', procedure: { ...procedure, objected: ['ACWC'], outcome: 'broken', closedAt: 11 } })).toBe(
			'ad referendum closed: objected to by ACWC'
		);
	});
});
