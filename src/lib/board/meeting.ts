import { provisionRef } from './grouping';
import type { ProvisionView } from './view';

/**
 * Meeting mode: a chair (or the secretariat) runs a meeting on a board along
 * an agenda of provisions. Framework-free: the server checks agendas with
 * `parseAgenda`; the browser labels the banner with `agendaItemLabel`.
 */

/** A meeting as the server stores it and sends it to browsers. */
export interface MeetingView {
	id: number;
	boardId: string;
	title: string;
	/** Provision ids, in agenda order. */
	agenda: string[];
	/** Index into `agenda` of the item under discussion. */
	currentItem: number;
	/** Who moved to the current item last (their Previous/Next moves the followers). */
	presenterId: number | null;
	presenterName: string | null;
	startedBy: number | null;
	startedByName: string | null;
	startedAt: number;
	endedAt: number | null;
	/** The named version saved when the meeting ended. */
	versionLabel: string | null;
}

export const MAX_TITLE_LENGTH = 80;
export const MAX_AGENDA_ITEMS = 60;

/** A trimmed meeting title, or the sentence saying what is wrong with it. */
export function checkMeetingTitle(input: unknown): { title: string } | { problem: string } {
	const title = typeof input === 'string' ? input.trim().replace(/\s+/g, ' ') : '';
	if (!title) return { problem: 'Give the meeting a title.' };
	if (title.length > MAX_TITLE_LENGTH) return { problem: `A meeting title has at most ${MAX_TITLE_LENGTH} characters.` };
	return { title };
}

/**
 * Reads an agenda typed as provision references in order ("A.b, D.e"; commas,
 * semicolons, spaces or new lines between them) against the board's
 * provisions. A reference is a provision's `part.letter` (case-insensitive)
 * or its id. Returns the provision ids in the order given.
 */
export function parseAgenda(input: string, provisions: readonly ProvisionView[]): { agenda: string[] } | { problem: string } {
	const refs = input.split(/[\s,;]+/).filter(Boolean);
	if (refs.length === 0) return { problem: 'Put at least one provision on the agenda, e.g. “A.b, D.e”.' };
	if (refs.length > MAX_AGENDA_ITEMS) return { problem: `An agenda has at most ${MAX_AGENDA_ITEMS} items.` };
	const byRef = new Map<string, string>();
	for (const p of provisions) byRef.set(provisionRef(p).toLowerCase(), p.id);
	const ids = new Set(provisions.map((p) => p.id));
	const agenda: string[] = [];
	const unknown: string[] = [];
	for (const ref of refs) {
		const id = ids.has(ref) ? ref : byRef.get(ref.toLowerCase());
		if (!id) unknown.push(ref);
		else if (agenda.includes(id)) return { problem: `${ref} is on the agenda twice.` };
		else agenda.push(id);
	}
	if (unknown.length) {
		return { problem: `This board has no provision ${unknown.join(', ')}. Use references such as ${provisions.slice(0, 3).map(provisionRef).join(', ')}.` };
	}
	return { agenda };
}

/** The first `count` words of a text, with an ellipsis when it goes on. */
export function firstWords(text: string, count = 8): string {
	const words = text.trim().split(/\s+/).filter(Boolean);
	return words.length > count ? `${words.slice(0, count).join(' ')}…` : words.join(' ');
}

/** "B.a Strengthen national legal frameworks…" for an agenda provision; its id when the board has lost it. */
export function agendaItemLabel(provisionId: string, provisions: readonly ProvisionView[], words = 8): string {
	const p = provisions.find((x) => x.id === provisionId);
	return p ? `${provisionRef(p)} ${firstWords(p.text, words)}`.trim() : provisionId;
}

/** The current item's index kept inside the agenda. */
export function clampItem(meeting: Pick<MeetingView, 'agenda' | 'currentItem'>): number {
	return Math.max(0, Math.min(meeting.currentItem, meeting.agenda.length - 1));
}
