import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The y-websocket protocol of one document (as the y-websocket v3 client
 * speaks it): each message is a varUint type followed by its payload. On the
 * wire every message travels in a frame of the multiplexed socket that names
 * its document (`src/lib/collab/mux-frame.ts`).
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** A message that does not follow the protocol; the connection is closed with 4400. */
export class ProtocolError extends Error {}

/** One parsed incoming message. An update's bytes are only cut out here: the pipeline decodes them, once (`./pipeline.ts`). */
export type ClientMessage =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	/** Sync step 2 and plain updates take the same write path. */
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	| { type: 'auth' };

/**
 * Parses one message. Throws ProtocolError on anything malformed: an unknown
 * type, a truncated payload, trailing bytes, a state vector Yjs cannot decode.
 */
export function parseMessage(frame: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(frame);
		const message = readMessage(decoder);
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
		return message;
	} catch (e) {
		throw e instanceof ProtocolError ? e : new ProtocolError((e as Error).message);
	}
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MESSAGE_SYNC:
			return readSync(decoder);
		case MESSAGE_AWARENESS:
			return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
		case MESSAGE_QUERY_AWARENESS:
			return { type: 'query-awareness' };
		case MESSAGE_AUTH:
			// Server → client only (permission denied); a client has nothing to say here.
			decoding.readTailAsUint8Array(decoder);
			return { type: 'auth' };
		default:
			throw new ProtocolError(`unknown message type ${type}`);
	}
}

function readSync(decoder: decoding.Decoder): ClientMessage {
	const step = decoding.readVarUint(decoder);
	switch (step) {
		case syncProtocol.messageYjsSyncStep1: {
			const stateVector = decoding.readVarUint8Array(decoder);
			Y.decodeStateVector(stateVector);
			return { type: 'sync-step1', stateVector };
		}
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate: {
			return { type: 'update', update: decoding.readVarUint8Array(decoder) };
		}
		default:
			throw new ProtocolError(`unknown sync message type ${step}`);
	}
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(e, doc);
	});
}

/** Sync step 2: everything the client (whose state vector this is) lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep2(e, doc, stateVector);
	});
}

/** An update to relay (an empty one keeps a quiet channel alive). */
export function encodeUpdate(update: Uint8Array): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeUpdate(e, update);
	});
}

/** The awareness states of `clients` (all known ones when omitted). */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients?: number[]): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			e,
			awarenessProtocol.encodeAwarenessUpdate(awareness, clients ?? Array.from(awareness.getStates().keys()))
		);
	});
}

/** An update that changes nothing: what a quiet channel is sent so the client knows it is alive. */
export const KEEPALIVE = encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc()));
