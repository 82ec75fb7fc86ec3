import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

/** What each person on a board shares through Yjs awareness. */
export interface PresenceState {
	user: { id: number; name: string; body: string | null; color: string };
	/** The cell (cellKey) they have selected, if any. */
	cell: string | null;
	/** The entry they are typing in, if any. */
	editing: string | null;
	/** Set by a meeting's presenter: the agenda item everyone following them is on (board-meeting.svelte.ts). */
	presenting?: { meetingId: number; item: number; provision: string } | null;
}

export interface Peer extends PresenceState {
	clientId: number;
}

// Distinct at a glance and dark enough for white initials (WCAG AA on white text).
const COLORS = ['#b4232a', '#1f6f43', '#6b3fa0', '#9a5b00', '#0b6477', '#a0306e', '#3d5a9e', '#5d6b00'];

export function colorFor(userId: number): string {
	return COLORS[Math.abs(userId) % COLORS.length];
}

export function initials(name: string): string {
	const words = name.replace(/\(.*?\)/g, '').trim().split(/\s+/).filter(Boolean);
	return ((words[0]?.[0] ?? '?') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

/** Who else is on the board and where: a rune-reactive view over awareness. */
export class Presence {
	#awareness: Awareness;
	#subscribe;

	constructor(awareness: Awareness, me: Omit<PresenceState['user'], 'color'>) {
		this.#awareness = awareness;
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
		awareness.setLocalState({ user: { ...me, color: colorFor(me.id) }, cell: null, editing: null } satisfies PresenceState);
	}

	/** Everyone else connected to the board, one item per browser tab. */
	get peers(): Peer[] {
		this.#subscribe();
		const peers: Peer[] = [];
		this.#awareness.getStates().forEach((state, clientId) => {
			if (clientId === this.#awareness.clientID || !state.user) return;
			const peer = state as PresenceState;
			// The server replaces `user` with the session's (no colour): each browser colours people by id, alike everywhere.
			peers.push({ clientId, ...peer, user: { ...peer.user, color: colorFor(peer.user.id) } });
		});
		return peers;
	}

	select(cell: string | null): void {
		if (this.#awareness.getLocalState()?.cell !== cell) this.#awareness.setLocalStateField('cell', cell);
	}

	editing(entryId: string | null): void {
		if (this.#awareness.getLocalState()?.editing !== entryId) this.#awareness.setLocalStateField('editing', entryId);
	}
}
