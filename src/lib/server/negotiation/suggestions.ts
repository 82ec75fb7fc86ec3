import { BoardDocs, cellKey, emptyDoc, parseCellKey, provisionsArray, type TransactionOrigin } from '../../board/doc';
import { addEntry, editProvision, moveEntry, setEntryText } from '../../board/mutations';
import type { NamedUserActor } from '../../board/permissions';
import {
	MAX_SUGGESTION_TEXT,
	targetDocOf,
	whyNotDecideSuggestion,
	whyNotSuggest,
	whyNotWithdraw,
	type NewSuggestion,
	type SuggestionState,
	type SuggestionView
} from '../../board/suggestions';
import { readBoard } from '../../board/view';
import { badRequest, conflict, forbidden, notFound } from '../app-error';
import { connectionUserOf } from '../identity/connection-user';
import type { Boards } from '../boards/boards';
import type { Rooms } from '../collab/rooms';
import type { Db } from '../db';

const COLUMNS = `s.id, s.kind, s.state, s.target_body AS targetBody, s.cell_key AS cell, s.entry_id AS entryId,
	s.provision_id AS provisionId, s.to_cell AS toCell, s.text, s.base_text AS baseText, s.reason,
	s.author_id AS authorId, a.name AS authorName, s.author_body AS authorBody, s.created_at AS createdAt,
	s.decided_by AS decidedById, d.name AS decidedByName, s.decided_at AS decidedAt`;
const FROM = `FROM suggestions s JOIN users a ON a.id = s.author_id LEFT JOIN users d ON d.id = s.decided_by`;
const SQL_BY_ID = `SELECT ${COLUMNS} ${FROM} WHERE s.board_id = ? AND s.id = ?`;
const SQL_OPEN = `SELECT ${COLUMNS} ${FROM} WHERE s.board_id = ? AND s.state = 'open' ORDER BY s.created_at, s.id`;
const SQL_ALL = `SELECT ${COLUMNS} ${FROM} WHERE s.board_id = ? ORDER BY s.created_at, s.id`;
const SQL_BY_CLIENT_ID = `SELECT board_id AS boardId, author_id AS authorId, id FROM suggestions WHERE client_id = ?`;
const SQL_INSERT = `INSERT INTO suggestions
	(board_id, kind, target_body, cell_key, entry_id, provision_id, to_cell, text, base_text, reason, author_id, author_body, created_at, client_id)
	VALUES (@board, @kind, @targetBody, @cell, @entryId, @provisionId, @toCell, @text, @baseText, @reason, @authorId, @authorBody, @now, @clientId)`;
const SQL_DECIDE = `UPDATE suggestions SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = 'open'`;

export interface SuggestionsDeps {
	db: Db;
	rooms: Rooms;
	boards: Boards;
	/** The bodies with a document on every board (a new entry must be for one of them). */
	bodies: () => ReadonlySet<string>;
	now?: () => number;
}

/**
 * Suggestions on a board, in SQLite: never in the target's document, which
 * their author may not write (docs/negotiation.md). Accepting one is a
 * server-side change to the target's document on behalf of the acceptor,
 * who must be allowed to write it; its history row names the suggester.
 * Every refusal is an AppError the endpoint turns into a 4xx.
 */
export class Suggestions {
	#deps: SuggestionsDeps;
	#now: () => number;
	#byId;
	#open;
	#all;
	#byClientId;
	#insert;
	#decide;

	constructor(deps: SuggestionsDeps) {
		this.#deps = deps;
		this.#now = deps.now ?? Date.now;
		this.#byId = deps.db.prepare(SQL_BY_ID);
		this.#open = deps.db.prepare(SQL_OPEN);
		this.#all = deps.db.prepare(SQL_ALL);
		this.#byClientId = deps.db.prepare(SQL_BY_CLIENT_ID);
		this.#insert = deps.db.prepare(SQL_INSERT);
		this.#decide = deps.db.prepare(SQL_DECIDE);
	}

	/** The board's open suggestions (or all of them), oldest first. */
	list(boardId: string, which: 'open' | 'all' = 'open'): SuggestionView[] {
		this.#deps.boards.require(boardId);
		return (which === 'open' ? this.#open : this.#all).all(boardId) as SuggestionView[];
	}

	get(boardId: string, id: number): SuggestionView {
		const row = this.#byId.get(boardId, id) as SuggestionView | undefined;
		if (!row) throw notFound('No such suggestion on this board.');
		return row;
	}

	/**
	 * Records a suggestion, checked against the board as it is now.
	 * `forBody`: the body it is attributed to when not the actor's own (an
	 * imported comment-resolution matrix; the caller checks the actor may).
	 * A repeated `input.id` of the same author on the same board answers with
	 * the suggestion it made first (whatever became of it since), checked
	 * before anything else so a retry gets the first answer; anyone else's id
	 * is a conflict, never their row.
	 */
	suggest(actor: NamedUserActor, boardId: string, input: NewSuggestion, forBody: string | null = actor.body): SuggestionView {
		const board = this.#deps.boards.require(boardId);
		const clientId = input.id ?? null;
		if (clientId !== null) {
			const first = this.#byClientId.get(clientId) as { boardId: string; authorId: number; id: number } | undefined;
			if (first && (first.authorId !== actor.id || first.boardId !== boardId)) throw conflict('This suggestion id is taken: send the suggestion with a new id.');
			if (first) return this.get(boardId, first.id);
		}
		const why = whyNotSuggest(actor, board.status);
		if (why) throw forbidden(why);
		const view = readBoard(this.#deps.rooms.readDocs(boardId));
		const hasCell = (key: string) => {
			const { provision, category } = parseCellKey(key);
			return view.provisions.some((p) => p.id === provision) && view.categories.some((c) => c.id === category);
		};
		const text = 'text' in input ? checkedText(input.text) : null;
		const row = {
			board: boardId,
			kind: input.kind,
			targetBody: null as string | null,
			cell: null as string | null,
			entryId: null as string | null,
			provisionId: '',
			toCell: null as string | null,
			text,
			baseText: null as string | null,
			reason: input.reason?.trim() || null,
			authorId: actor.id,
			authorBody: forBody,
			now: this.#now(),
			clientId
		};
		if (input.kind === 'wording' || input.kind === 'move') {
			const entry = view.entries.find((e) => e.id === input.entryId);
			if (!entry) throw badRequest('This board has no such entry.');
			Object.assign(row, { targetBody: entry.body, cell: cellKey(entry.provision, entry.category), entryId: entry.id, provisionId: entry.provision });
			if (input.kind === 'wording') {
				if (text === entry.text) throw badRequest('The suggested wording is the entry’s text already.');
				row.baseText = entry.text;
			} else {
				if (!hasCell(input.toCell)) throw badRequest('This board has no such cell.');
				if (input.toCell === row.cell) throw badRequest('The entry is in that cell already.');
				row.toCell = input.toCell;
				row.baseText = entry.text;
			}
		} else if (input.kind === 'new-entry') {
			if (!this.#deps.bodies().has(input.body)) throw badRequest(`There is no sectoral body ${input.body}.`);
			if (!hasCell(input.cell)) throw badRequest('This board has no such cell.');
			Object.assign(row, { targetBody: input.body, cell: input.cell, provisionId: parseCellKey(input.cell).provision });
		} else {
			const provision = view.provisions.find((p) => p.id === input.provisionId);
			if (!provision) throw badRequest('This board has no such provision.');
			if (text === provision.text) throw badRequest('The suggested wording is the provision’s text already.');
			Object.assign(row, { provisionId: provision.id, baseText: provision.text });
		}
		const { lastInsertRowid } = this.#insert.run(row);
		return this.get(boardId, Number(lastInsertRowid));
	}

	/**
	 * Accepts (applies, as the acceptor's edit naming the suggester) or
	 * rejects an open suggestion: only those who may write its target.
	 */
	decide(actor: NamedUserActor, boardId: string, id: number, verdict: 'accept' | 'reject'): SuggestionView {
		const board = this.#deps.boards.require(boardId);
		const s = this.get(boardId, id);
		const why = whyNotDecideSuggestion(actor, s, board.status);
		if (why) throw s.state === 'open' ? forbidden(why) : conflict(why);
		if (verdict === 'accept') this.#apply(actor, boardId, s);
		return this.#close(boardId, s, verdict === 'accept' ? 'accepted' : 'rejected', actor.id);
	}

	/** Withdraws one's own open suggestion. */
	withdraw(actor: NamedUserActor, boardId: string, id: number): SuggestionView {
		const s = this.get(boardId, id);
		const why = whyNotWithdraw(actor, s);
		if (why) throw s.state === 'open' ? forbidden(why) : conflict(why);
		return this.#close(boardId, s, 'withdrawn', actor.id);
	}

	#close(boardId: string, s: SuggestionView, state: SuggestionState, by: number): SuggestionView {
		this.#decide.run(state, by, this.#now(), s.id);
		return this.get(boardId, s.id);
	}

	/** The suggested change, made on the server in the target's document by `actor` (who may write it). */
	#apply(actor: NamedUserActor, boardId: string, s: SuggestionView): void {
		const docName = targetDocOf(s);
		const user = connectionUserOf(actor);
		const origin: TransactionOrigin = { source: 'server', suggestedBy: s.authorId };
		const applied = this.#deps.rooms.change(
			boardId,
			docName,
			user,
			(doc) => {
				// The mutations take a board's documents: here only the target's is live and written.
				const docs = new BoardDocs((name) => (name === docName ? doc : emptyDoc(name)));
				if (s.targetBody === null) {
					if (!provisionsArray(docs.plan).toArray().some((m) => m.get('id') === s.provisionId)) return false;
					editProvision(docs, s.provisionId, { text: s.text! }, origin);
					return true;
				}
				docs.body(s.targetBody);
				if (s.kind === 'new-entry') {
					const { provision, category } = parseCellKey(s.cell!);
					addEntry(docs, { provision, category, body: s.targetBody, text: s.text! }, origin);
					return true;
				}
				if (docs.bodyOfEntry(s.entryId!) !== s.targetBody) return false;
				if (s.kind === 'wording') setEntryText(docs, s.entryId!, s.text!, origin);
				else moveEntry(docs, s.entryId!, parseCellKey(s.toCell!).provision, parseCellKey(s.toCell!).category, origin);
				return true;
			},
			'server',
			s.authorId
		);
		if (!applied) throw conflict('What this suggestion changes is no longer on the board.');
	}
}

function checkedText(text: string): string {
	const trimmed = text.trim();
	if (!trimmed) throw badRequest('Write the suggested text first.');
	if (trimmed.length > MAX_SUGGESTION_TEXT) throw badRequest(`A suggestion can have at most ${MAX_SUGGESTION_TEXT.toLocaleString('en')} characters.`);
	return trimmed;
}
