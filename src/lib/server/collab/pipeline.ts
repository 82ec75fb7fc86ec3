import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import { bodyOfDocName, PLAN_DOC } from '../../board/doc';
import { parseReportDocName } from '../../monitoring/reports';
import { CLOSE_CODES } from './close-codes';
import type { Extension, IncomingUpdate, StoredUpdate, Verdict } from './extension';
import { decodeUpdateV1Exactly, type DecodedUpdate } from './integrity';
import { ANONYMOUS_USER, type AppliedUpdate, type CollabLogger, type ConnectionUser } from './options';

/** What the write path does with a client's update once the checks ran. */
export type Admission =
	/** Apply it; `decoded` is the one decoding of it. */
	| { apply: DecodedUpdate }
	/** Ignore it without a word: its author may not write, but it adds nothing the document lacks (a reconnect's resend). */
	| { unchanged: true }
	| Exclude<Verdict, null>;

/** Without a `hasDocument` hook: the plan, any body's document and any progress report. */
function anyBoardDocument(docName: string): boolean {
	return docName === PLAN_DOC || bodyOfDocName(docName) !== null || parseReportDocName(docName) !== null;
}

/**
 * The extensions of the collaboration server run as one ordered pipeline:
 * each hook over the extensions in list order, the write path's in the
 * order of `docs/collaboration.md` ("The write path"). The one place that
 * decodes a client's update: every check after it reads the decoded value.
 */
export class Pipeline {
	readonly #extensions: readonly Extension[];

	constructor(extensions: readonly Extension[]) {
		this.#extensions = extensions;
	}

	/** The extensions' names, in the order they run. */
	get names(): string[] {
		return this.#extensions.map((e) => e.name);
	}

	/** Who is connecting (null: refuse with 401); throws what the hook throws. */
	authenticate(req: IncomingMessage, boardId: string): ConnectionUser | null {
		for (const e of this.#extensions) if (e.authenticate) return e.authenticate(req, boardId);
		return ANONYMOUS_USER;
	}

	hasDocument(boardId: string, docName: string): boolean {
		let asked = false;
		for (const e of this.#extensions) {
			if (!e.hasDocument) continue;
			if (!e.hasDocument(boardId, docName)) return false;
			asked = true;
		}
		return asked || anyBoardDocument(docName);
	}

	/** Tells every extension a document was loaded; returns what undoes it on unload. */
	docLoaded(boardId: string, docName: string, doc: Y.Doc): () => void {
		const undo: (() => void)[] = [];
		for (const e of this.#extensions) {
			const detach = e.docLoaded?.(boardId, docName, doc);
			if (detach) undo.push(detach);
		}
		return () => {
			for (const detach of undo) detach();
		};
	}

	/**
	 * The checks of a client's update that would change the document, in
	 * order: it decodes exactly as Yjs v1 (else 4400), its author may write
	 * the document now (every `whyNotWrite`, else 4403), then every
	 * `checkUpdate` on the decoded update. `alreadyHas` tells whether the
	 * document holds all of a decoded update already.
	 */
	admit(incoming: Omit<IncomingUpdate, 'decoded'>, alreadyHas: (decoded: DecodedUpdate) => boolean): Admission {
		let decoded: DecodedUpdate;
		try {
			decoded = decodeUpdateV1Exactly(incoming.update);
		} catch (e) {
			return { refuse: CLOSE_CODES.malformed, reason: (e as Error).message };
		}
		for (const e of this.#extensions) {
			const refused = e.whyNotWrite?.(incoming.user, incoming.boardId, incoming.docName) ?? null;
			if (refused === null) continue;
			return alreadyHas(decoded) ? { unchanged: true } : { refuse: CLOSE_CODES.forbidden, reason: refused };
		}
		const checked: IncomingUpdate = { ...incoming, decoded };
		for (const e of this.#extensions) {
			const verdict = e.checkUpdate?.(checked) ?? null;
			if (verdict) return verdict;
		}
		return { apply: decoded };
	}

	/** Inside the SQLite transaction, after the append; throws what a hook throws. */
	stored(stored: StoredUpdate): void {
		for (const e of this.#extensions) e.stored?.(stored);
	}

	storeFailed(boardId: string, docName: string): void {
		for (const e of this.#extensions) e.storeFailed?.(boardId, docName);
	}

	/** Every `afterApply`; a throw is logged and the next extension still runs (the update is stored). */
	afterApply(info: AppliedUpdate, log: CollabLogger): void {
		for (const e of this.#extensions) {
			try {
				e.afterApply?.(info);
			} catch (error) {
				log.error(`[collab] ${info.boardId}/${info.docName}: afterApply (${e.name}) failed for update ${info.seq}`, error);
			}
		}
	}
}
