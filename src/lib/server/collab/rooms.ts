import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Boards } from '../boards';
import type { DocStore } from '../doc-store';
import { CLOSE_CODES } from './close-codes';
import { Connection } from './connection';
import { collectGarbage } from './release-memory';
import {
	ANONYMOUS_USER,
	DEFAULT_COLLAB_OPTIONS,
	type CollabHooks,
	type CollabLogger,
	type CollabOptions,
	type ConnectionUser
} from './options';
import { boardIdFromPath } from './paths';
import { Room, type ServerChangeOrigin } from './room';

export { CLOSE_CODES } from './close-codes';
export type { AppliedUpdate, CollabHooks, CollabOptions, ConnectionUser, UpdateContext, UpdateVerdict } from './options';

export interface RoomsOptions {
	store: DocStore;
	boards: Boards;
	/** Limits and timings; unset ones take DEFAULT_COLLAB_OPTIONS. */
	collab?: Partial<CollabOptions>;
	/** Authentication, authorisation and history hooks (default: everyone may do everything). */
	hooks?: CollabHooks;
	log?: CollabLogger;
}

/**
 * The collaboration server: accepts y-websocket connections on `/yjs/<boardId>`,
 * loads each board into a Room on first use and unloads it some seconds after
 * its last client left. See docs/collaboration.md.
 */
export class Rooms {
	#store: DocStore;
	#boards: Boards;
	#options: CollabOptions;
	#hooks: CollabHooks;
	#log: CollabLogger;
	#wss: WebSocketServer;
	#rooms = new Map<string, Room>();
	#unloadTimers = new Map<string, NodeJS.Timeout>();
	#collectTimer: NodeJS.Timeout | undefined;
	#settledCollectTimer: NodeJS.Timeout | undefined;
	#pinger: NodeJS.Timeout;
	#closing: Promise<void> | undefined;
	#stopped = false;

	constructor(opts: RoomsOptions) {
		this.#store = opts.store;
		this.#boards = opts.boards;
		this.#options = { ...DEFAULT_COLLAB_OPTIONS, ...opts.collab };
		this.#hooks = opts.hooks ?? {};
		this.#log = opts.log ?? console;
		// ws closes a connection whose frame exceeds maxPayload with 1009 before we see it.
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.#options.maxMessageBytes });
		// unref: keepalive must not keep a finished process (or test run) alive.
		this.#pinger = setInterval(() => this.#heartbeat(), this.#options.pingIntervalMs).unref();
	}

	/** Number of boards currently loaded. */
	get size(): number {
		return this.#rooms.size;
	}

	/** Open connections to one board, or to all boards. */
	connectionCount(boardId?: string): number {
		if (boardId !== undefined) return this.#rooms.get(boardId)?.connections.size ?? 0;
		let n = 0;
		for (const room of this.#rooms.values()) n += room.connections.size;
		return n;
	}

	/**
	 * The board's current document: the live one when loaded, else freshly read
	 * from the store. For reading: changes to an unloaded board's copy are lost.
	 */
	readDoc(boardId: string): Y.Doc {
		return this.#rooms.get(boardId)?.doc ?? this.#store.load(boardId).doc;
	}

	/**
	 * Changes a board on the server on behalf of `user` (e.g. a restore):
	 * loads the board if needed and runs `fn` on its live document in one
	 * transaction, which takes the write path of any client update (append,
	 * afterApply/history, broadcast to every connection). Returns what `fn`
	 * returns; throws what it throws (nothing is stored if it changed nothing).
	 */
	change<T>(boardId: string, user: ConnectionUser, fn: (doc: Y.Doc) => T, source: ServerChangeOrigin['source'] = 'restore'): T {
		if (this.#stopped) throw new Error('The collaboration server is shutting down.');
		if (!this.#boards.get(boardId)) throw new Error(`No board ${boardId}.`);
		const room = this.#room(boardId);
		try {
			return room.change(fn, { source, userId: user.userId ?? undefined, user });
		} finally {
			if (room.connections.size === 0) this.#scheduleUnload(room);
		}
	}

	/**
	 * Closes every connection to a board with 4409 (e.g. it was finalized or
	 * reopened): clients stop and reload the page with the board's new status.
	 */
	closeBoard(boardId: string, reason: string): void {
		const room = this.#rooms.get(boardId);
		if (!room) return;
		for (const c of Array.from(room.connections)) c.close(CLOSE_CODES.statusChanged, reason);
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
			user = this.#hooks.authenticate ? this.#hooks.authenticate(req, boardId) : ANONYMOUS_USER;
		} catch (e) {
			this.#log.error(`[collab] ${boardId}: authentication failed`, e);
			return refuseUpgrade(socket, 500);
		}
		if (!user) return refuseUpgrade(socket, 401);
		const authenticated = user;
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, boardId, authenticated));
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
		for (const room of this.#rooms.values()) {
			for (const c of Array.from(room.connections)) {
				if (match(c.user)) c.close(CLOSE_CODES.unauthenticated, reason);
			}
		}
	}

	/** Closes all sockets with 1001, checkpoints every loaded board and stops the timers. */
	close(): Promise<void> {
		this.#closing ??= this.#shutdown();
		return this.#closing;
	}

	async #shutdown(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#pinger);
		clearTimeout(this.#collectTimer);
		clearTimeout(this.#settledCollectTimer);
		for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
		this.#unloadTimers.clear();
		for (const room of this.#rooms.values()) {
			for (const c of Array.from(room.connections)) c.close(CLOSE_CODES.goingAway, 'server shutting down');
		}
		for (const room of this.#rooms.values()) this.#unload(room);
		const closed = new Promise<void>((resolve) => this.#wss.close(() => resolve()));
		const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.#options.closeTimeoutMs).unref());
		await Promise.race([closed, timeout]);
		// Clients that did not answer the close frame in time are cut off.
		for (const ws of this.#wss.clients) ws.terminate();
		await closed;
	}

	#accept(ws: WebSocket, boardId: string, user: ConnectionUser): void {
		if (this.#stopped) return ws.close(CLOSE_CODES.goingAway, 'server shutting down');
		try {
			this.#join(ws, this.#room(boardId), user);
		} catch (e) {
			this.#log.error(`[collab] ${boardId}: could not open the board`, e);
			ws.close(CLOSE_CODES.internalError, 'could not open the board');
		}
	}

	#join(ws: WebSocket, room: Room, user: ConnectionUser): void {
		const connection = new Connection({
			ws,
			room,
			user,
			options: this.#options,
			hooks: this.#hooks,
			log: this.#log,
			onClose: (c) => this.#connectionClosed(c)
		});
		room.add(connection);
	}

	/** The loaded room of a board, loading it (checkpoint + log tail) on first use. */
	#room(boardId: string): Room {
		const timer = this.#unloadTimers.get(boardId);
		if (timer) {
			clearTimeout(timer);
			this.#unloadTimers.delete(boardId);
		}
		let room = this.#rooms.get(boardId);
		if (!room) {
			room = new Room({
				boardId,
				store: this.#store,
				hooks: this.#hooks,
				log: this.#log,
				compactEvery: this.#options.compactEvery,
				onFailure: (r) => this.#fail(r)
			});
			this.#rooms.set(boardId, room);
		}
		return room;
	}

	#connectionClosed(connection: Connection): void {
		const room = connection.room;
		room.remove(connection);
		this.#scheduleUnload(room);
	}

	#scheduleUnload(room: Room): void {
		if (this.#stopped || room.connections.size > 0 || this.#rooms.get(room.boardId) !== room) return;
		if (this.#unloadTimers.has(room.boardId)) return;
		const timer = setTimeout(() => {
			this.#unloadTimers.delete(room.boardId);
			if (room.connections.size === 0 && this.#rooms.get(room.boardId) === room) this.#unload(room);
		}, this.#options.unloadAfterMs);
		// The log already holds every update; the checkpoint on unload only speeds up the next load.
		this.#unloadTimers.set(room.boardId, timer.unref());
	}

	#unload(room: Room): void {
		try {
			room.checkpoint();
		} catch (e) {
			this.#log.error(`[collab] ${room.boardId}: checkpoint on unload failed (the update log is intact)`, e);
		}
		room.destroy();
		this.#rooms.delete(room.boardId);
		this.#collectSoon();
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

	// An update could not be stored: the live doc is ahead of the disk. Drop it
	// unsaved and close everyone with 4500; clients reconnect to a room loaded
	// from disk and resend what it lacks in their sync step 2.
	#fail(room: Room): void {
		if (this.#rooms.get(room.boardId) === room) this.#rooms.delete(room.boardId);
		for (const c of Array.from(room.connections)) c.close(CLOSE_CODES.internalError, 'could not store the update');
		room.destroy();
	}

	#heartbeat(): void {
		for (const room of this.#rooms.values()) {
			for (const c of Array.from(room.connections)) c.heartbeat();
		}
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
