/**
 * @mentions in discussion comments: `@` followed by a person's name or email,
 * or by a sectoral body's code (`@SOM-ED`). Pure, so the server (whom to
 * notify) and the browser (highlighting, completion) read a comment the same
 * way. Matching is against a directory of known names, not a token pattern,
 * because names contain spaces ("@Chris Chair (SOMTC)").
 */

/** Whom a comment can mention. Emails are only known to the server. */
export interface MentionDirectory {
	users: readonly { id: number; name: string; email?: string }[];
	bodies: readonly { code: string }[];
}

export type MentionTarget = { kind: 'user'; id: number } | { kind: 'body'; code: string };

export interface Mention {
	/** Offset of the `@`. */
	start: number;
	/** Offset just after the mention. */
	end: number;
	target: MentionTarget;
}

/** A run of comment text, or a mention in it: what the browser renders. */
export interface Segment {
	text: string;
	target?: MentionTarget;
}

interface Key {
	key: string;
	target: MentionTarget;
}

const WORD = /[\p{L}\p{N}_]/u;
// Characters that join two words into one token ("SOM-ED", "a.b@c.d").
const JOINER = /[-.@+]/;

function keysOf(directory: MentionDirectory): Key[] {
	const keys: Key[] = [];
	for (const b of directory.bodies) keys.push({ key: b.code.toLowerCase(), target: { kind: 'body', code: b.code } });
	for (const u of directory.users) {
		const target = { kind: 'user', id: u.id } as const;
		if (u.name.trim()) keys.push({ key: u.name.trim().toLowerCase(), target });
		if (u.email) keys.push({ key: u.email.trim().toLowerCase(), target });
	}
	return keys;
}

/** May a mention start at `i` (the `@`)? Not inside a word or an email address. */
function startsToken(text: string, i: number): boolean {
	const before = text[i - 1];
	return before === undefined || !(WORD.test(before) || JOINER.test(before));
}

/** Does a name end at `i`? The next character must not continue the word. */
function endsToken(text: string, i: number): boolean {
	const next = text[i];
	if (next === undefined || WORD.test(next)) return next === undefined;
	return !(JOINER.test(next) && text[i + 1] !== undefined && WORD.test(text[i + 1]));
}

/**
 * The mentions in `text`, in order. At each `@` the longest known name, email
 * or body code that ends on a word boundary wins ("@SOMTC Delegate" is the
 * person, "@SOMTC delegates" the body); names are matched case-insensitively.
 * Two people with the same name are both mentioned.
 */
export function parseMentions(text: string, directory: MentionDirectory): Mention[] {
	const keys = keysOf(directory);
	const lower = text.toLowerCase();
	const mentions: Mention[] = [];
	for (let i = lower.indexOf('@'); i !== -1; i = lower.indexOf('@', i + 1)) {
		if (!startsToken(text, i)) continue;
		let best: Key[] = [];
		for (const k of keys) {
			if (!lower.startsWith(k.key, i + 1) || !endsToken(text, i + 1 + k.key.length)) continue;
			if (best.length === 0 || k.key.length > best[0].key.length) best = [k];
			else if (k.key.length === best[0].key.length) best.push(k);
		}
		if (best.length === 0) continue;
		const end = i + 1 + best[0].key.length;
		const seen = new Set<string>();
		for (const k of best) {
			const id = targetKey(k.target);
			if (!seen.has(id)) mentions.push({ start: i, end, target: k.target });
			seen.add(id);
		}
		i = end - 1;
	}
	return mentions;
}

function targetKey(t: MentionTarget): string {
	return t.kind === 'user' ? `u:${t.id}` : `b:${t.code}`;
}

/** The distinct people and bodies a list of mentions names, in first-mention order. */
export function mentionedTargets(mentions: readonly Mention[]): { userIds: number[]; bodyCodes: string[] } {
	const userIds = new Set<number>();
	const bodyCodes = new Set<string>();
	for (const { target } of mentions) {
		if (target.kind === 'user') userIds.add(target.id);
		else bodyCodes.add(target.code);
	}
	return { userIds: [...userIds], bodyCodes: [...bodyCodes] };
}

/** `text` cut into plain runs and mentions (one segment per mention position). */
export function segments(text: string, mentions: readonly Mention[]): Segment[] {
	const out: Segment[] = [];
	let at = 0;
	for (const m of mentions) {
		if (m.start < at) continue; // a second target at the same position
		if (m.start > at) out.push({ text: text.slice(at, m.start) });
		out.push({ text: text.slice(m.start, m.end), target: m.target });
		at = m.end;
	}
	if (at < text.length) out.push({ text: text.slice(at) });
	return out;
}

/**
 * The mention being typed just before `caret`, for completion: the offset of
 * its `@` and what follows it. Null when the caret is not in one. A query may
 * hold spaces (names do), up to 40 characters, but no line break.
 */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at === -1 || !startsToken(text, at)) return null;
	const query = before.slice(at + 1);
	if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query)) return null;
	return { start: at, query };
}

/** A completion offered while typing a mention. `insert` is the text after `@`. */
export interface MentionSuggestion {
	label: string;
	detail: string;
	insert: string;
}

/**
 * People and bodies whose name or code starts with (bodies) or contains
 * (people) `query`, bodies first, at most `limit`. The query is not trimmed:
 * "@ACWC " (a space after a finished code) suggests nothing more.
 */
export function suggestMentions(
	query: string,
	directory: { users: readonly { name: string; body: string | null }[]; bodies: readonly { code: string; name: string }[] },
	limit = 8
): MentionSuggestion[] {
	const q = query.toLowerCase();
	const bodies = directory.bodies
		.filter((b) => b.code.toLowerCase().startsWith(q) || (q.length > 2 && b.name.toLowerCase().includes(q)))
		.map((b) => ({ label: b.code, detail: `${b.name} (notifies its delegates)`, insert: b.code }));
	const users = directory.users
		.filter((u) => u.name.toLowerCase().includes(q))
		.map((u) => ({ label: u.name, detail: u.body ?? '', insert: u.name }));
	return [...bodies, ...users].slice(0, limit);
}
