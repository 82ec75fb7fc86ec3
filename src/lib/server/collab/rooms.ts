import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { BoardDocs, emptyDoc, PLAN_DOC } from '../../board/doc';
import { parseReportDocName } from '../../monitoring/reports';
import type { Boards } from '../boards/boards';
import type { DocStore } from './doc-store';
import { Channel } from './channel';
import { CLOSE_CODES } from './close-codes';
import { Connection } from './connection';
import type { Extension } from './extension';
import type { DocKind } from './integrity';
import { Pipeline } from './pipeline';
import { collectGarbage } from './release-memory';
import { DEFAULT_COLLAB_OPTIONS, type CollabLogger, type CollabOptions, type ConnectionUser } from './options';
import { boardIdFromPath } from './paths';
import { BoardBatch } from './board-batch';
import { Room, type BoardSeq, type ServerChangeOrigin } from './room';

export { CLOSE_CODES } from './close-codes';
export type { AppliedUpdate, CollabOptions, ConnectionUser } from './options';
export type { Extension } from './extension';

export interface RoomsOptions {
	store: DocStore;
	boards: Boards;
	/** Limits and timings; unset ones take DEFAULT_COLLAB_OPTIONS. */
	collab?: Partial<CollabOptions>;
	/**
	 * The server's extensions (session, authority, integrity, history: `./extensions`),
	 * each hook run over them in this order. Without an `authenticate` hook everyone is
	 * an anonymous user; without `whyNotWrite` everyone may write; without the
	 * integrity extension nothing but the exact decoding checks what an update contains.
	 */
	extensions: readonly Extension[];
	log?: CollabLogger;
}

const roomKey = (boardId: string, docName: string) => `${boardId}\n${docName}`;

/** Which data model a document follows (the integrity check's). */
function docKindOf(docName: string): DocKind {
	if (docName === PLAN_DOC) return 'plan';
	return parseReportDocName(docName) ? 'report' : 'body';
}

/**
 * The collaboration server: accepts one multiplexed y-websocket connection
 * per open board on `/yjs/<boardId>`, loads each of the board's documents
 * into a Room on first use and unloads it some seconds after its last
 * channel closed. See docs/collaboration.md.
 */
export class Rooms {
	#store: DocStore;
	#boards: Boards;
	#options: CollabOptions;
	#pipeline: Pipeline;
	#log: CollabLogger;
	#wss: WebSocketServer;
	#rooms = new Map<string, Room>();
	/** Per loaded board: its sequence of stored updates and its group commit, shared by its documents' rooms. */
	#loaded = new Map<string, { seq: BoardSeq; batch: BoardBatch }>();
	#connections = new Set<Connection>();
	#unloadTimers = new Map<Room, NodeJS.Timeout>();
	#collectTimer: NodeJS.Timeout | undefined;
	#settledCollectTimer: NodeJS.Timeout | undefined;
	#pinger: NodeJS.Timeout;
	#keeper: NodeJS.Timeout;
	#closing: Promise<void> | undefined;
	#stopped = false;

	constructor(opts: RoomsOptions) {
		this.#store = opts.store;
		this.#boards = opts.boards;
		this.#options = { ...DEFAULT_COLLAB_OPTIONS, ...opts.collab };
		this.#pipeline = new Pipeline(opts.extensions);
		this.#log = opts.log ?? console;
		// ws closes a connection whose frame exceeds maxPayload with 1009 before we see it.
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.#options.maxMessageBytes });
		// unref: keepalive must not keep a finished process (or test run) alive.
		this.#pinger = setInterval(() => this.#heartbeat(), this.#options.pingIntervalMs).unref();
		this.#keeper = setInterval(() => this.#keepChannelsAlive(), Math.max(1000, this.#options.channelKeepaliveMs / 3)).unref();
	}

	/** Number of documents currently loaded. */
	get size(): number {
		return this.#rooms.size;
	}

	/** Number of boards with a document loaded. */
	get boardsLoaded(): number {
		return this.#loaded.size;
	}

	/** Open connections (sockets) to one board, or to all boards. */
	connectionCount(boardId?: string): number {
		if (boardId === undefined) return this.#connections.size;
		let n = 0;
		for (const c of this.#connections) if (c.boardId === boardId) n++;
		return n;
	}

	/** The loaded room of a document, if any (tests and diagnostics). */
	loaded(boardId: string, docName: string): Room | undefined {
		return this.#rooms.get(roomKey(boardId, docName));
	}

	/**
	 * The board's current documents: the live ones where loaded, else freshly
	 * read from the store. For reading: changes to an unloaded copy are lost.
	 */
	readDocs(boardId: string): BoardDocs {
		const names = new Set(this.#store.docNames(boardId));
		for (const room of this.#rooms.values()) if (room.boardId === boardId) names.add(room.docName);
		const docs = new BoardDocs(
			(name) => this.#rooms.get(roomKey(boardId, name))?.doc ?? (names.has(name) ? this.#store.load(boardId, name).doc : emptyDoc(name))
		);
		for (const name of names) docs.byName(name);
		return docs;
	}

	/** The board's plan document: the live one when loaded, else a fresh copy from the store. */
	readPlan(boardId: string): Y.Doc {
		return this.#rooms.get(roomKey(boardId, PLAN_DOC))?.doc ?? this.#store.load(boardId, PLAN_DOC).doc;
	}

	/**
	 * Changes one document of a board on the server on behalf of `user` (a
	 * restore, a move between bodies; null: the server itself): loads it if needed and runs `fn` on the
	 * live document in one transaction, which takes the write path of any
	 * client update (append, afterApply/history, broadcast to every channel).
	 * Returns what `fn` returns; throws what it throws.
	 */
	change<T>(
		boardId: string,
		docName: string,
		user: ConnectionUser | null,
		fn: (doc: Y.Doc) => T,
		source: ServerChangeOrigin['source'] = 'restore',
		suggestedBy?: number
	): T {
		if (this.#stopped) throw new Error('The collaboration server is shutting down.');
		if (!this.#boards.get(boardId)) throw new Error(`No board ${boardId}.`);
		if (!this.#pipeline.hasDocument(boardId, docName)) throw new Error(`No document ${docName} on ${boardId}.`);
		const room = this.#room(boardId, docName);
		try {
			// No user: the server's own change (a procedure's outcome at its deadline), recorded as the server's.
			const by = user ? { userId: user.userId ?? undefined, user } : {};
			return room.change(fn, source === 'server' ? { source, ...by, suggestedBy } : { source, ...by });
		} finally {
			if (room.channels.size === 0) this.#scheduleUnload(room);
		}
	}

	/**
	 * Closes every connection to a board with 4409 (e.g. it was finalized or
	 * reopened): clients stop and reload the page with the board's new status.
	 */
	closeBoard(boardId: string, reason: string): void {
		for (const c of Array.from(this.#connections)) if (c.boardId === boardId) c.close(CLOSE_CODES.statusChanged, reason);
	}

	/**
	 * Handles an HTTP upgrade on `/yjs/<boardId>`. Unknown boards get 404 and
	 * unauthenticated requests 401 as plain HTTP, before any WebSocket exists.
	 */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		try {
			this.#upgrade(req, socket, head);
		} catch (e) {
			// Called from the HTTP server's 'upgrade' event: a throw here would end the process.
			this.#log.error('[collab] upgrade failed', e);
			if (!socket.destroyed) refuseUpgrade(socket, 500);
		}
	}

	#upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		if (this.#stopped) return refuseUpgrade(socket, 503);
		const boardId = boardIdFromPath(req.url ?? '');
		if (!boardId || !this.#boards.get(boardId)) return refuseUpgrade(socket, 404);
		let user: ConnectionUser | null;
		try {
			user = this.#pipeline.authenticate(req, boardId);
		} catch (e) {
			this.#log.error(`[collab] ${boardId}: authentication failed`, e);
			return refuseUpgrade(socket, 500);
		}
		if (!user) return refuseUpgrade(socket, 401);
		const authenticated = user;
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, boardId, authenticated));
	}

	/**
	 * Closes the channels of one loaded document with 4409 (who may write it
	 * changed, e.g. a report was submitted): clients reload its state; the
	 * rest of their socket stays open.
	 */
	closeDocument(boardId: string, docName: string, reason: string): void {
		const room = this.#rooms.get(roomKey(boardId, docName));
		if (room) for (const c of Array.from(room.channels)) c.close(CLOSE_CODES.statusChanged, reason);
	}

	/** Closes every connection of a user (deactivation, log out everywhere) with 4401 so their client re-authenticates. */
	disconnectUser(userId: number, reason = 'session ended'): void {
		this.#disconnect((u) => u.userId === userId, reason);
	}

	/** Closes the connections opened with one session (logout) with 4401. */
	disconnectSession(sessionId: string, reason = 'signed out'): void {
		this.#disconnect((u) => u.sessionId === sessionId, reason);
	}

	#disconnect(match: (user: ConnectionUser) => boolean, reason: string): void {
		for (const c of Array.from(this.#connections)) if (match(c.user)) c.close(CLOSE_CODES.unauthenticated, reason);
	}

	/** Closes all sockets with 1001, checkpoints every loaded document and stops the timers. */
	close(): Promise<void> {
		this.#closing ??= this.#shutdown();
		return this.#closing;
	}

	async #shutdown(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#pinger);
		clearInterval(this.#keeper);
		clearTimeout(this.#collectTimer);
		clearTimeout(this.#settledCollectTimer);
		for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
		this.#unloadTimers.clear();
		for (const c of Array.from(this.#connections)) c.close(CLOSE_CODES.goingAway, 'server shutting down');
		for (const room of Array.from(this.#rooms.values())) this.#unload(room);
		const closed = new Promise<void>((resolve) => this.#wss.close(() => resolve()));
		const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.#options.closeTimeoutMs).unref());
		await Promise.race([closed, timeout]);
		// Clients that did not answer the close frame in time are cut off.
		for (const ws of this.#wss.clients) ws.terminate();
		await closed;
	}

	#accept(ws: WebSocket, boardId: string, user: ConnectionUser): void {
		if (this.#stopped) return ws.close(CLOSE_CODES.goingAway, 'server shutting down');
		const connection = new Connection({
			ws,
			boardId,
			user,
			options: this.#options,
			log: this.#log,
			openChannel: (c, docName) => this.#openChannel(c, docName),
			presenceOwnedElsewhere: (id) => {
				for (const c of this.#connections) if (c !== connection && c.boardId === boardId && c.presence.ownClients.has(id)) return true;
				return false;
			},
			onClose: (c) => this.#connections.delete(c)
		});
		this.#connections.add(connection);
	}

	#openChannel(connection: Connection, docName: string): Channel | null {
		if (this.#stopped || !this.#pipeline.hasDocument(connection.boardId, docName)) return null;
		try {
			const room = this.#room(connection.boardId, docName);
			return new Channel(connection, room, () => this.#scheduleUnload(room));
		} catch (e) {
			this.#log.error(`[collab] ${connection.boardId}/${docName}: could not open the document`, e);
			connection.close(CLOSE_CODES.internalError, 'could not open the board');
			return null;
		}
	}

	/** The loaded room of a document, loading it (checkpoint + log tail) on first use. */
	#room(boardId: string, docName: string): Room {
		const key = roomKey(boardId, docName);
		let room = this.#rooms.get(key);
		if (room) {
			clearTimeout(this.#unloadTimers.get(room));
			this.#unloadTimers.delete(room);
			return room;
		}
		let board = this.#loaded.get(boardId);
		if (!board) this.#loaded.set(boardId, (board = { seq: { value: this.#store.lastSeq(boardId) }, batch: new BoardBatch(this.#store) }));
		room = new Room({
			boardId,
			docName,
			kind: docKindOf(docName),
			presence: docName === PLAN_DOC,
			seq: board.seq,
			batch: board.batch,
			store: this.#store,
			pipeline: this.#pipeline,
			log: this.#log,
			compactEvery: this.#options.compactEvery,
			onFailure: (r, sender) => this.#fail(r, sender)
		});
		this.#rooms.set(key, room);
		return room;
	}

	#scheduleUnload(room: Room): void {
		if (this.#stopped || room.channels.size > 0 || this.#rooms.get(roomKey(room.boardId, room.docName)) !== room) return;
		if (this.#unloadTimers.has(room)) return;
		const timer = setTimeout(() => {
			this.#unloadTimers.delete(room);
			if (room.channels.size === 0 && this.#rooms.get(roomKey(room.boardId, room.docName)) === room) this.#unload(room);
		}, this.#options.unloadAfterMs);
		// The log already holds every update; the checkpoint on unload only speeds up the next load.
		this.#unloadTimers.set(room, timer.unref());
	}

	#unload(room: Room): void {
		try {
			room.checkpoint();
		} catch (e) {
			this.#log.error(`[collab] ${room.label}: checkpoint on unload failed (the update log is intact)`, e);
		}
		this.#drop(room);
		this.#collectSoon();
	}

	/** Forgets a room (and the board's sequence counter and batch once none of its documents is loaded). */
	#drop(room: Room): void {
		room.destroy();
		if (this.#rooms.get(roomKey(room.boardId, room.docName)) === room) this.#rooms.delete(roomKey(room.boardId, room.docName));
		for (const r of this.#rooms.values()) if (r.boardId === room.boardId) return;
		this.#loaded.delete(room.boardId);
	}

	// Boards often unload in a row after a meeting: one collection a second
	// after the first of them, and one more once no board has unloaded for
	// 10 s (what the last sockets left behind as they finished closing). Only
	// when no board is loaded: a busy server collects as it allocates, and a
	// full collection would pause the people editing.
	#collectSoon(): void {
		if (this.#stopped) return;
		const collectIfQuiet = () => {
			if (this.#rooms.size === 0) collectGarbage();
		};
		this.#collectTimer ??= setTimeout(() => {
			this.#collectTimer = undefined;
			collectIfQuiet();
		}, 1000).unref();
		clearTimeout(this.#settledCollectTimer);
		this.#settledCollectTimer = setTimeout(collectIfQuiet, 10_000).unref();
	}

	// An update could not be stored, or applying one threw: the live doc may be
	// ahead of the disk or half-applied. Drop it unsaved; the sender of a bad
	// update is cut off, everyone else's channel closes with 4500 and their
	// clients reconnect to the document reloaded from disk, resending what it lacks.
	#fail(room: Room, sender?: Channel): void {
		const others = Array.from(room.channels).filter((c) => c !== sender);
		this.#drop(room);
		if (sender) sender.connection.refuse(CLOSE_CODES.malformed, `an update to ${room.docName} could not be applied`);
		for (const c of others) c.close(CLOSE_CODES.internalError, 'the document is being reloaded');
	}

	#heartbeat(): void {
		for (const c of Array.from(this.#connections)) c.heartbeat();
	}

	#keepChannelsAlive(): void {
		const now = Date.now();
		for (const c of Array.from(this.#connections)) c.keepChannelsAlive(now);
	}
}

/** Answers an upgrade request with a plain HTTP error and closes the socket: no WebSocket is made. */
function refuseUpgrade(socket: Duplex, status: number): void {
	socket.on('error', () => {});
	const body = STATUS_CODES[status] ?? 'Error';
	socket.end(
		`HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
		() => socket.destroy()
	);
}
