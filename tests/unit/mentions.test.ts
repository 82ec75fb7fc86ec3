import { describe, expect, it } from 'vitest';
import { activeMention, mentionedTargets, parseMentions, segments, suggestMentions, type MentionDirectory } from '$lib/board/mentions';

const DIRECTORY: MentionDirectory = {
	users: [
		{ id: 1, name: 'Chris Chair (SOMTC)', email: 'chair@demo.test' },
		{ id: 2, name: 'SOMTC Delegate', email: 'somtc@demo.test' },
		{ id: 3, name: 'Sam', email: 'sam@demo.test' },
		{ id: 4, name: 'Sam Secretariat', email: 'secretariat@demo.test' },
		{ id: 5, name: 'Ann Lee', email: 'ann@x.test' },
		{ id: 6, name: 'Ann Lee', email: 'ann.lee@y.test' }
	],
	bodies: [{ code: 'SOMTC' }, { code: 'SOM-ED' }, { code: 'SOM' }, { code: 'ACWC' }]
};

const targets = (text: string) => parseMentions(text, DIRECTORY).map((m) => [text.slice(m.start, m.end), m.target]);

describe('parseMentions', () => {
	it('finds a body by its code, case-insensitively, with punctuation after it', () => {
		expect(targets('@SOM-ED please review')).toEqual([['@SOM-ED', { kind: 'body', code: 'SOM-ED' }]]);
		expect(targets('Thoughts, @acwc?')).toEqual([['@acwc', { kind: 'body', code: 'ACWC' }]]);
		expect(targets("(@SOM-ED's call)")).toEqual([["@SOM-ED", { kind: 'body', code: 'SOM-ED' }]]);
	});

	it('does not take a prefix of a longer token: "@SOM-ED" is not "@SOM", "@SOMTCX" is nothing', () => {
		expect(targets('@SOM-ED')).toEqual([['@SOM-ED', { kind: 'body', code: 'SOM-ED' }]]);
		expect(targets('@SOM and @SOMTCX')).toEqual([['@SOM', { kind: 'body', code: 'SOM' }]]);
	});

	it('finds people by a name with spaces and brackets, or by email', () => {
		expect(targets('@Chris Chair (SOMTC) agreed')).toEqual([['@Chris Chair (SOMTC)', { kind: 'user', id: 1 }]]);
		expect(targets('cc @secretariat@demo.test.')).toEqual([['@secretariat@demo.test', { kind: 'user', id: 4 }]]);
	});

	it('prefers the longest match: a person named after a body, a full name over a first name', () => {
		expect(targets('@SOMTC Delegate, see this')).toEqual([['@SOMTC Delegate', { kind: 'user', id: 2 }]]);
		expect(targets('@SOMTC delegates, see this')).toEqual([['@SOMTC', { kind: 'body', code: 'SOMTC' }]]);
		expect(targets('@Sam Secretariat and @Sam')).toEqual([
			['@Sam Secretariat', { kind: 'user', id: 4 }],
			['@Sam', { kind: 'user', id: 3 }]
		]);
	});

	it('mentions everyone who shares a name', () => {
		expect(targets('@Ann Lee')).toEqual([
			['@Ann Lee', { kind: 'user', id: 5 }],
			['@Ann Lee', { kind: 'user', id: 6 }]
		]);
	});

	it('ignores @ inside words and email addresses, unknown names and a bare @', () => {
		expect(targets('write to x@SOMTC or foo@acwc.org')).toEqual([]);
		expect(targets('@nobody @ @')).toEqual([]);
		expect(targets('')).toEqual([]);
	});
});

describe('mentionedTargets', () => {
	it('lists each person and body once', () => {
		const mentions = parseMentions('@SOM-ED @Sam @SOM-ED @sam@demo.test', DIRECTORY);
		expect(mentionedTargets(mentions)).toEqual({ userIds: [3], bodyCodes: ['SOM-ED'] });
	});
});

describe('segments', () => {
	it('cuts text into plain runs and mentions, once per position', () => {
		const text = 'Hi @Ann Lee, and @ACWC.';
		expect(segments(text, parseMentions(text, DIRECTORY))).toEqual([
			{ text: 'Hi ' },
			{ text: '@Ann Lee', target: { kind: 'user', id: 5 } },
			{ text: ', and ' },
			{ text: '@ACWC', target: { kind: 'body', code: 'ACWC' } },
			{ text: '.' }
		]);
	});
});

describe('completion', () => {
	it('finds the mention being typed before the caret', () => {
		expect(activeMention('Please @SOM', 11)).toEqual({ start: 7, query: 'SOM' });
		expect(activeMention('Please @Chris Ch', 16)).toEqual({ start: 7, query: 'Chris Ch' });
		expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
		expect(activeMention('mail a@b', 8)).toBeNull();
		expect(activeMention('@ x', 3)).toBeNull();
		expect(activeMention('@a\nb', 4)).toBeNull();
	});

	it('suggests bodies by code, then people by name', () => {
		const people = {
			users: [
				{ name: 'SOM-ED Delegate', body: 'SOM-ED' },
				{ name: 'Olive Observer', body: null }
			],
			bodies: [
				{ code: 'SOMTC', name: 'Senior Officials Meeting on Transnational Crime' },
				{ code: 'SOM-ED', name: 'Senior Officials Meeting on Education' }
			]
		};
		expect(suggestMentions('som-', people).map((s) => s.label)).toEqual(['SOM-ED', 'SOM-ED Delegate']);
		expect(suggestMentions('educ', people).map((s) => s.insert)).toEqual(['SOM-ED']);
		expect(suggestMentions('', people, 3)).toHaveLength(3);
		expect(suggestMentions('SOMTC ', people)).toEqual([]);
	});
});
