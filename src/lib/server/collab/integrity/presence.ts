import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IntegrityError } from './integrity-error';

/** Who a connection's session is: written into every presence state it sets. */
export interface PresenceUser {
	id: number | null;
	name: string;
	body: string | null;
	role: string;
}

export interface PresenceLimits {
	/** Client ids one connection may set presence for (its own; a reload's leftover). */
	maxClients?: number;
	/** Largest state of one client, in bytes of JSON, after `user` is rewritten. */
	maxStateBytes?: number;
	/**
	 * Most states one message may declare. A y-websocket client re-sends every
	 * awareness change it receives (its `update` handler does not look at the
	 * origin), so an honest message can carry the whole room's states: keep
	 * this above twice the connections of a room.
	 */
	maxMessageStates?: number;
	/** Whether another connection of the room already owns a client id (it cannot become this one's). */
	ownedElsewhere?: (clientId: number) => boolean;
}

const utf8 = new TextEncoder();
// Made once: constructing a decoder costs more than decoding a presence state.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Binds one connection's awareness (presence) to its session. The first
 * `maxClients` distinct client ids it sets a state for become its own; its
 * states get the session's `user` (whatever the client claimed), must be
 * JSON objects of at most `maxStateBytes`. States for ids that are not its
 * own are dropped, not refused: the stock y-websocket client echoes every
 * state it hears (and sends `null` for peers it timed out), so refusing
 * them would disconnect everyone the moment two people are present; dropping
 * them means no connection can change or remove another's presence.
 */
export class PresenceGuard {
	readonly #user: PresenceUser;
	readonly #maxClients: number;
	readonly #maxStateBytes: number;
	readonly #maxMessageStates: number;
	readonly #ownedElsewhere: (clientId: number) => boolean;
	readonly #own = new Set<number>();

	constructor(user: PresenceUser, limits: PresenceLimits = {}) {
		this.#user = { id: user.id, name: user.name, body: user.body, role: user.role };
		this.#maxClients = limits.maxClients ?? 2;
		this.#maxStateBytes = limits.maxStateBytes ?? 2048;
		this.#maxMessageStates = limits.maxMessageStates ?? 500;
		this.#ownedElsewhere = limits.ownedElsewhere ?? (() => false);
	}

	/** The client ids this connection set presence for: the room removes them when it closes. */
	get ownClients(): ReadonlySet<number> {
		return this.#own;
	}

	/**
	 * Takes a y-protocols awareness update (varUint count, then per state
	 * varUint client id, varUint clock, varString JSON) and returns the update
	 * to apply: this connection's own states, `user` rewritten. Throws
	 * IntegrityError on malformed bytes, too many states, an oversized or
	 * non-object state, or a new client id beyond `maxClients`.
	 */
	filter(update: Uint8Array): Uint8Array {
		const decoder = decoding.createDecoder(update);
		const kept: Array<[client: number, clock: number, json: Uint8Array]> = [];
		// Ids this message would make its own: kept only if the whole message passes.
		const claimed = new Set<number>();
		try {
			const count = decoding.readVarUint(decoder);
			if (count > this.#maxMessageStates) throw new IntegrityError(`a presence message declares ${count} states, more than ${this.#maxMessageStates}`);
			for (let i = 0; i < count; i++) {
				const client = decoding.readVarUint(decoder);
				const clock = decoding.readVarUint(decoder);
				// Raw bytes: a state that is not ours is skipped without being parsed.
				const raw = decoding.readVarUint8Array(decoder);
				if (!this.#mayUse(client, raw, claimed)) continue;
				kept.push([client, clock, this.#rewrite(raw)]);
			}
		} catch (e) {
			if (e instanceof IntegrityError) throw e;
			throw new IntegrityError(`presence message is not an awareness update: ${(e as Error).message}`);
		}
		if (decoding.hasContent(decoder)) throw new IntegrityError('bytes left after the presence message');
		for (const id of claimed) this.#own.add(id);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const [client, clock, json] of kept) {
			encoding.writeVarUint(encoder, client);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint8Array(encoder, json);
		}
		return encoding.toUint8Array(encoder);
	}

	/** Whether the state is this connection's to set; claims a new id for a non-null state while there is room. */
	#mayUse(client: number, raw: Uint8Array, claimed: Set<number>): boolean {
		if (this.#own.has(client) || claimed.has(client)) return true;
		if (isNullState(raw) || this.#ownedElsewhere(client)) return false;
		if (this.#own.size + claimed.size >= this.#maxClients) {
			throw new IntegrityError(`presence for a client id beyond this connection's ${this.#maxClients}`);
		}
		claimed.add(client);
		return true;
	}

	/** The state as JSON bytes with the session's user; `null` (removal) passes as is. */
	#rewrite(raw: Uint8Array): Uint8Array {
		if (isNullState(raw)) return raw;
		// What the client claims as `user` is replaced, so allow it some room before parsing.
		if (raw.length > 4 * this.#maxStateBytes) throw new IntegrityError(`a presence state of ${raw.length} bytes`);
		let state: unknown;
		try {
			state = JSON.parse(strictUtf8.decode(raw));
		} catch {
			throw new IntegrityError('a presence state that is not JSON');
		}
		if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new IntegrityError('a presence state that is not an object');
		const json = utf8.encode(JSON.stringify({ ...state, user: this.#user }));
		if (json.length > this.#maxStateBytes) throw new IntegrityError(`a presence state of ${json.length} bytes, more than ${this.#maxStateBytes}`);
		return json;
	}
}

const NULL_STATE = [0x6e, 0x75, 0x6c, 0x6c]; // "null", as y-protocols writes a removal

function isNullState(raw: Uint8Array): boolean {
	return raw.length === 4 && raw.every((b, i) => b === NULL_STATE[i]);
}
