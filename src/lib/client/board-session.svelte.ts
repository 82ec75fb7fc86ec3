import { createContext } from 'svelte';
import { parseCellKey, type ProcedureState, type ProgressStatus } from '$lib/board/doc';
import * as edit from '$lib/board/mutations';
import * as rules from '$lib/board/permissions';
import { reservationMarks } from '$lib/board/view';
import type { SectoralBody } from '$lib/contract/bodies';
import { api } from './api';
import { LiveBoard } from './live-board.svelte';
import { Presence } from './presence.svelte';

export interface BoardUser {
	id: number;
	name: string;
	role: rules.Actor['role'];
	body: string | null;
}

/**
 * Everything a board page's components share: the live document, who is
 * looking at it, what they may do, and the edits they can make. One per page.
 */
export class BoardSession {
	readonly live: LiveBoard;
	readonly user: BoardUser;
	readonly bodies: SectoralBody[];
	readonly status: rules.BoardStatus;
	presence = $state<Presence | null>(null);
	/** The cell the keyboard or pointer has selected (cellKey). */
	selected = $state<string | null>(null);
	/** Each reserved entry's footnote number, as the exports print it (computed once per change, when read). */
	readonly reservationNumbers = $derived.by(() => reservationMarks(this.live.view));

	constructor(opts: { live: LiveBoard; user: BoardUser; bodies: SectoralBody[]; status: rules.BoardStatus }) {
		this.live = opts.live;
		this.user = opts.user;
		this.bodies = opts.bodies;
		this.status = opts.status;
	}

	connect(serverUrl: string): void {
		this.live.connect(serverUrl);
		this.presence = new Presence(this.live.awareness, { id: this.user.id, name: this.user.name, body: this.user.body });
	}

	/** The ten bodies (no subsidiaries), in registry order. */
	get mainBodies(): SectoralBody[] {
		return this.bodies.filter((b) => !b.parent);
	}

	pillarOf = (code: string): string | undefined => this.bodies.find((b) => b.code === code)?.pillar;

	/** Bodies this user may add entries for (their own; any for the secretariat). */
	get addableBodies(): SectoralBody[] {
		return this.mainBodies.filter((b) => rules.canEditEntriesOf(this.user, b.code, this.status));
	}

	/** Null when the user may edit `body`'s entries, else the reason shown on disabled controls. */
	whyNotEntries(body: string): string | null {
		return rules.canEditEntriesOf(this.user, body, this.status) ? null : rules.reasonEntries(this.user, body, this.status);
	}

	get whyNotLeads(): string | null {
		return rules.canSetLeads(this.user, this.status) ? null : rules.reasonLeads(this.user, this.status);
	}

	get whyNotStructure(): string | null {
		return rules.canEditStructure(this.user, this.status) ? null : rules.reasonStructure(this.user, this.status);
	}

	/** Null when the user may record or withdraw agreement (chair, secretariat), else why not. */
	get whyNotDecide(): string | null {
		return rules.reasonDecide(this.user, this.status);
	}

	/** The meeting running on the board, if any: decisions taken now are recorded in it. */
	meetingId: number | null = null;

	/** How the grid on the page brings a row into the DOM; on a big board it renders only the rows near the view. */
	#rowRevealer: ((provision: string) => Promise<HTMLElement | null>) | null = null;

	/** The grid registers how it reveals rows while it is on the page; the returned function unregisters it. */
	revealRowsWith(revealer: (provision: string) => Promise<HTMLElement | null>): () => void {
		this.#rowRevealer = revealer;
		return () => {
			if (this.#rowRevealer === revealer) this.#rowRevealer = null;
		};
	}

	/** Puts a provision's row in the DOM (through the grid, if one is on the page) and returns it. */
	async revealRow(provision: string): Promise<HTMLElement | null> {
		if (this.#rowRevealer) return this.#rowRevealer(provision);
		return document.querySelector<HTMLElement>(`tr[data-provision="${CSS.escape(provision)}"]`);
	}

	/** Brings a cell (cellKey) into the middle of the view and returns it. */
	async revealCell(key: string): Promise<HTMLElement | null> {
		const row = await this.revealRow(parseCellKey(key).provision);
		const cell = row?.querySelector<HTMLElement>(`td[data-cell="${CSS.escape(key)}"]`) ?? null;
		cell?.scrollIntoView({ block: 'center', inline: 'center' });
		return cell;
	}

	select(cell: string | null): void {
		this.selected = cell;
		this.presence?.select(cell);
	}

	addEntry(entry: edit.NewEntry): string {
		return edit.addEntry(this.live.docs, entry, this.live.origin);
	}
	setText(id: string, text: string): void {
		edit.setEntryText(this.live.docs, id, text, this.live.origin);
	}
	deleteEntry(id: string): void {
		edit.deleteEntry(this.live.docs, id, this.live.origin);
	}
	/** Sets what the entry's body reports of its activity. */
	setProgress(id: string, progress: ProgressStatus): void {
		edit.setEntryProgress(this.live.docs, id, progress, this.live.origin);
	}
	/** Why the user may not move an entry to another body (null: they may — the secretariat). */
	get whyNotReassign(): string | null {
		return rules.whyNot(this.user, { kind: 'reassign-body' }, this.status);
	}
	/**
	 * Moves an entry to another body: a move between two bodies' documents,
	 * which the server makes (no client writes two authorities' documents).
	 */
	async moveToBody(id: string, body: string): Promise<void> {
		await api.entries.moveToBody(this.live.boardId, id, body);
	}
	/** Records (true) or withdraws (false) the agreement on an entry. */
	decide(id: string, agreed: boolean): void {
		edit.setDecision(this.live.docs, id, agreed ? 'agreed' : null, { userId: this.user.id, meeting: this.meetingId }, this.live.origin);
	}
	/** Records agreement with a reservation by `body`, its footnote `text` (printed by every export). */
	reserve(id: string, body: string, text: string): void {
		edit.setReservation(this.live.docs, id, { body, text }, { userId: this.user.id, meeting: this.meetingId }, this.live.origin);
	}
	/** Starts an ad referendum or a silence procedure: the server writes it, and closes it at `deadline`. */
	async startProcedure(id: string, kind: ProcedureState, deadline: number): Promise<void> {
		await api.entries.procedure(this.live.boardId, id, { action: 'start', kind, deadline, meeting: this.meetingId });
	}
	/** Confirms or objects, for one's own body, while a procedure runs. */
	async respond(id: string, action: 'confirm' | 'object'): Promise<void> {
		await api.entries.procedure(this.live.boardId, id, { action });
	}
	setUncertain(id: string, uncertain: boolean): void {
		edit.setEntryUncertain(this.live.docs, id, uncertain, this.live.origin);
	}
	move(id: string, provision: string, category: string): void {
		edit.moveEntry(this.live.docs, id, provision, category, this.live.origin);
	}
	reorder(id: string, direction: -1 | 1): void {
		edit.reorderEntry(this.live.docs, id, direction, this.live.origin);
	}
	setLead(provision: string, category: string, body: string | null): void {
		edit.setLead(this.live.docs, provision, category, body, this.live.origin);
	}
	renameCategory(id: string, name: string): void {
		edit.renameCategory(this.live.docs, id, name, this.live.origin);
	}
	addCategory(name: string): string {
		return edit.addCategory(this.live.docs, name, this.live.origin);
	}
	addProvision(part: string, letter: string, text: string): string {
		return edit.addProvision(this.live.docs, part, letter, text, this.live.origin);
	}
	editProvision(id: string, fields: { letter?: string; text?: string }): void {
		edit.editProvision(this.live.docs, id, fields, this.live.origin);
	}
}

export const [getBoardSession, setBoardSession] = createContext<BoardSession>();
