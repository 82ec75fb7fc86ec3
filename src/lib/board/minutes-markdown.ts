import { quote, type Minutes, type MinutesChange, type MinutesComment, type MinutesDecision, type MinutesInfo, type MinutesSuggestion } from './minutes';

/**
 * The minutes as text: the lines the page, the Markdown and the Word
 * download share, and the Markdown document itself. Times are UTC and months
 * are written out by hand, so the bytes never depend on the machine's locale.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "8 June 2026" (UTC). */
export function utcDate(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "09:41" (UTC). */
export function utcTime(ms: number): string {
	const d = new Date(ms);
	return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** "8 June 2026, 09:30–11:02 UTC", with both dates when the meeting ran past midnight. */
export function meetingWhen(info: Pick<MinutesInfo, 'startedAt' | 'endedAt' | 'running'>): string {
	const end = info.running ? 'now' : utcTime(info.endedAt);
	if (utcDate(info.startedAt) === utcDate(info.endedAt)) return `${utcDate(info.startedAt)}, ${utcTime(info.startedAt)}–${end} UTC`;
	return `${utcDate(info.startedAt)}, ${utcTime(info.startedAt)} UTC – ${utcDate(info.endedAt)}, ${end} UTC`;
}

/** "Edna Delegate (SOM-ED)". */
export function personLabel(name: string, body: string | null): string {
	return body && !name.endsWith(`(${body})`) ? `${name} (${body})` : name;
}

/** One decision as a line: "Agreed: SOM-ED, Prevention — “…”" / "Lead: SOM-ED for Prevention". */
export function decisionLine(d: MinutesDecision): string {
	return d.kind === 'agreed' ? `Agreed: ${d.body || 'no body'}, ${d.where} — ${quote(d.text)}` : `Lead: ${d.body} for ${d.where}`;
}

/** An open thread as a line: "Prevention — Edna Delegate (SOM-ED): “…” (2 replies)". */
export function commentLine(c: MinutesComment): string {
	const replies = c.replies === 0 ? '' : c.replies === 1 ? ' (1 reply)' : ` (${c.replies} replies)`;
	return `${c.where} — ${personLabel(c.author, c.authorBody)}: ${quote(c.text)}${replies}`;
}

/** A suggestion closed unaccepted as a line: "Rejected: New wording for a SOMTC entry in Prevention, suggested by Edna Delegate (SOM-ED), rejected by Tom Crime — “…”". */
export function suggestionLine(s: MinutesSuggestion): string {
	const by = personLabel(s.author, s.authorBody);
	return s.state === 'rejected'
		? `Rejected: ${s.what}, suggested by ${by}, rejected by ${s.decidedBy} — ${s.text}`
		: `Withdrawn: ${s.what}, suggested and withdrawn by ${by} — ${s.text}`;
}

/** The heading of the list of suggestions rejected or withdrawn, in every form of the minutes. */
export const CLOSED_SUGGESTIONS_HEADING = 'Suggestions rejected or withdrawn';

/** A change as a line: "09:41 — Edna Delegate (SOM-ED) added an entry of SOM-ED in Prevention: “…”". */
export function changeLine(c: MinutesChange): string {
	return `${utcTime(c.at)} — ${personLabel(c.who, c.body)} ${c.text}`;
}

/** Whether the minutes have a section for what happened off the agenda. */
export function hasOther(m: Minutes): boolean {
	return m.other.changes.length > 0 || m.other.decisions.length > 0 || m.other.suggestions.length > 0;
}

/** Text set into Markdown inline: its syntax characters escaped, so entries print as written. */
export function mdEscape(text: string): string {
	return text.replace(/[\\`*_[\]<>#|]/g, '\\$&');
}

/** The minutes as a Markdown document. */
export function minutesMarkdown(m: Minutes): string {
	const out: string[] = [];
	const list = (heading: string, lines: string[], none: string) => {
		out.push(`### ${heading}`, '');
		out.push(...(lines.length ? lines.map((l) => `- ${mdEscape(l)}`) : [`_${none}_`]), '');
	};
	out.push(`# ${m.info.running ? 'Draft minutes so far' : 'Draft minutes'}: ${mdEscape(m.info.title)}`, '');
	out.push(`- **Board:** ${mdEscape(m.info.boardTitle)}`);
	out.push(`- **When:** ${meetingWhen(m.info)}${m.info.running ? ' (meeting in progress)' : ''}`);
	if (m.info.startedByName) out.push(`- **Started by:** ${mdEscape(m.info.startedByName)}`);
	if (m.info.versionLabel) out.push(`- **Board saved as version:** ${mdEscape(quote(m.info.versionLabel))}`);
	out.push('', '## Agenda', '');
	for (const item of m.items) out.push(`${item.number}. ${mdEscape(item.ref)} — ${mdEscape(item.text.replace(/\s+/g, ' ').trim())}`);
	out.push('');
	for (const item of m.items) {
		out.push(`## ${item.number}. ${mdEscape(item.ref)}`, '');
		if (item.text) out.push(`> ${mdEscape(item.text.replace(/\s+/g, ' ').trim())}`, '');
		list('Changes during the meeting', item.changes.map(changeLine), 'No changes.');
		list('Decisions', item.decisions.map(decisionLine), 'No decisions recorded.');
		list('Open comments', item.comments.map(commentLine), 'No open comments.');
		if (item.suggestions.length) list(CLOSED_SUGGESTIONS_HEADING, item.suggestions.map(suggestionLine), '');
	}
	if (hasOther(m)) {
		out.push('## Other changes during the meeting', '');
		if (m.other.decisions.length) list('Decisions', m.other.decisions.map(decisionLine), '');
		if (m.other.suggestions.length) list(CLOSED_SUGGESTIONS_HEADING, m.other.suggestions.map(suggestionLine), '');
		list('Changes', m.other.changes.map(changeLine), 'No changes.');
	}
	return `${out.join('\n').trimEnd()}\n`;
}
