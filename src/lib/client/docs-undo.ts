import * as Y from 'yjs';
import type { TransactionOrigin } from '$lib/board/doc';

/** The top-level types of a board document that undo covers. */
const UNDONE_TYPES = ['entries', 'leads', 'decisions', 'provisions', 'categories', 'meta'] as const;

/**
 * Undo of one person's own edits across the documents they write (their
 * body's, the plan for the chair): one Yjs UndoManager per document, and a
 * shared record of which document each step was made in, so Ctrl+Z undoes
 * the last step wherever it was.
 */
export class DocsUndo {
	readonly #origin: TransactionOrigin;
	readonly #managers = new Map<string, Y.UndoManager>();
	/** Document names of the steps that can be undone / redone, oldest first. */
	#undone: string[] = [];
	#redone: string[] = [];
	#replaying = false;

	constructor(origin: TransactionOrigin) {
		this.#origin = origin;
	}

	/** Starts tracking this person's edits to a document (again, with a new doc, after a reset). */
	track(name: string, doc: Y.Doc): void {
		this.#managers.get(name)?.destroy();
		this.#undone = this.#undone.filter((n) => n !== name);
		this.#redone = this.#redone.filter((n) => n !== name);
		const types = UNDONE_TYPES.map((t) => (t === 'provisions' || t === 'categories' ? doc.getArray(t) : doc.getMap(t)));
		const manager = new Y.UndoManager(types, { trackedOrigins: new Set([this.#origin]), captureTimeout: 800 });
		manager.on('stack-item-added', ({ type }: { type: 'undo' | 'redo' }) => {
			if (type === 'undo') {
				this.#undone.push(name);
				// A new edit (not one replayed by redo) makes the redo steps meaningless.
				if (!this.#replaying) this.#clearRedo();
			} else this.#redone.push(name);
		});
		this.#managers.set(name, manager);
	}

	#clearRedo(): void {
		for (const name of new Set(this.#redone)) this.#managers.get(name)?.clear(false, true);
		this.#redone = [];
	}

	/** Undoes the last of this person's steps, in whichever document it was. */
	undo(): void {
		this.#step(this.#undone, (m) => m.undo());
	}

	redo(): void {
		this.#step(this.#redone, (m) => m.redo());
	}

	#step(stack: string[], run: (m: Y.UndoManager) => unknown): void {
		const name = stack.pop();
		const manager = name && this.#managers.get(name);
		if (!manager) return;
		this.#replaying = true;
		try {
			run(manager);
		} finally {
			this.#replaying = false;
		}
	}

	get canUndo(): boolean {
		return this.#undone.length > 0;
	}

	destroy(): void {
		for (const manager of this.#managers.values()) manager.destroy();
		this.#managers.clear();
	}
}
