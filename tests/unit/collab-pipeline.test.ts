import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isTransactionOrigin } from '$lib/board/doc';
import { CLOSE_CODES } from '$lib/server/collab/close-codes';
import type { Extension, IncomingUpdate } from '$lib/server/collab/extension';
import { appExtensions, type AppExtensionDeps } from '$lib/server/collab/extensions';
import type { DecodedUpdate } from '$lib/server/collab/integrity';
import { ANONYMOUS_USER, type AppliedUpdate, type ConnectionUser } from '$lib/server/collab/options';
import { Pipeline } from '$lib/server/collab/pipeline';

const USER: ConnectionUser = { userId: 7, name: 'alice', role: 'delegate', body: 'SOMTC' };
const REQ = { headers: {} } as IncomingMessage;

function anUpdate(): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('entries').set('e1', 'x');
	return Y.encodeStateAsUpdate(doc);
}

function incoming(update = anUpdate()): Omit<IncomingUpdate, 'decoded'> {
	return { boardId: 'b1', docName: 'body:SOMTC', kind: 'body', doc: new Y.Doc(), user: USER, update };
}

describe('Pipeline', () => {
	it('authenticates with the first extension that has the hook; with none, everyone is anonymous', () => {
		const asked: string[] = [];
		const named = (name: string, user: ConnectionUser | null): Extension => ({
			name,
			authenticate: () => {
				asked.push(name);
				return user;
			}
		});
		expect(new Pipeline([{ name: 'quiet' }, named('first', null), named('second', USER)]).authenticate(REQ, 'b1')).toBeNull();
		expect(asked).toEqual(['first']);
		expect(new Pipeline([{ name: 'quiet' }]).authenticate(REQ, 'b1')).toBe(ANONYMOUS_USER);
	});

	it('has a document only when every extension that knows documents has it; with none, the plan, bodies and reports', () => {
		const only = (name: string) => ({ name, hasDocument: (_b: string, doc: string) => doc === name });
		expect(new Pipeline([only('plan')]).hasDocument('b1', 'plan')).toBe(true);
		expect(new Pipeline([only('plan'), only('body:SOMTC')]).hasDocument('b1', 'plan')).toBe(false);
		const none = new Pipeline([{ name: 'quiet' }]);
		expect(['plan', 'body:SOMTC', 'nope', 'body:'].map((d) => none.hasDocument('b1', d))).toEqual([true, true, false, false]);
	});

	it('checks an update in order: exact decoding (4400), then every whyNotWrite (4403), then every checkUpdate', () => {
		const calls: string[] = [];
		const refusing = (name: string, reason: string | null): Extension => ({
			name,
			whyNotWrite: () => (calls.push(`${name}.whyNotWrite`), reason),
			checkUpdate: () => (calls.push(`${name}.checkUpdate`), null)
		});
		const pipeline = new Pipeline([refusing('a', null), refusing('b', 'no'), refusing('c', 'not asked')]);
		// A v2 update misread as v1 is malformed before anyone is asked whether its author may write.
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'hello');
		expect(pipeline.admit(incoming(Y.encodeStateAsUpdateV2(doc)), () => false)).toMatchObject({ refuse: CLOSE_CODES.malformed });
		expect(calls).toEqual([]);
		expect(pipeline.admit(incoming(), () => false)).toEqual({ refuse: CLOSE_CODES.forbidden, reason: 'no' });
		expect(calls).toEqual(['a.whyNotWrite', 'b.whyNotWrite']);
		// A refused author's update that adds nothing the document lacks is no write.
		expect(pipeline.admit(incoming(), () => true)).toEqual({ unchanged: true });
	});

	it('decodes each update once: every check and the room get the same decoded value', () => {
		const seen: DecodedUpdate[] = [];
		const looking = (name: string): Extension => ({ name, checkUpdate: ({ decoded }) => (seen.push(decoded), null) });
		const admission = new Pipeline([looking('a'), looking('b')]).admit(incoming(), () => false);
		expect('apply' in admission && admission.apply).toBe(seen[0]);
		expect(seen).toHaveLength(2);
		expect(seen[1]).toBe(seen[0]);
		expect(seen[0].structs.length).toBeGreaterThan(0);
	});

	it('stops at the first verdict of checkUpdate', () => {
		const calls: string[] = [];
		const pipeline = new Pipeline([
			{ name: 'a', checkUpdate: () => (calls.push('a'), { drop: 'ahead of its sync' }) },
			{ name: 'b', checkUpdate: () => (calls.push('b'), { refuse: CLOSE_CODES.doesNotFit, reason: 'never' }) }
		]);
		expect(pipeline.admit(incoming(), () => false)).toEqual({ drop: 'ahead of its sync' });
		expect(calls).toEqual(['a']);
	});

	it('runs every afterApply in order, logging a throw and going on', () => {
		const calls: string[] = [];
		const logged: string[] = [];
		const log = { warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
		const pipeline = new Pipeline([
			{ name: 'broken', afterApply: () => { calls.push('broken'); throw new Error('disk'); } },
			{ name: 'history', afterApply: () => void calls.push('history') }
		]);
		pipeline.afterApply({ boardId: 'b1', docName: 'plan', seq: 3 } as AppliedUpdate, log);
		expect(calls).toEqual(['broken', 'history']);
		expect(logged).toEqual(['[collab] b1/plan: afterApply (broken) failed for update 3']);
	});

	it("undoes every extension's docLoaded on unload", () => {
		const undone: string[] = [];
		const pipeline = new Pipeline([
			{ name: 'a', docLoaded: () => () => void undone.push('a') },
			{ name: 'quiet', docLoaded: () => {} },
			{ name: 'b', docLoaded: () => () => void undone.push('b') }
		]);
		pipeline.docLoaded('b1', 'plan', new Y.Doc())();
		expect(undone).toEqual(['a', 'b']);
	});

	it("runs the app's extensions in the order session, authority, integrity, history", () => {
		const deps = { bodyCodes: () => new Set<string>(), origin: undefined } as unknown as AppExtensionDeps;
		expect(new Pipeline(appExtensions({ ...deps, history: {} as AppExtensionDeps['history'] })).names).toEqual([
			'session',
			'authority',
			'integrity',
			'history'
		]);
		expect(new Pipeline(appExtensions(deps)).names).toEqual(['session', 'authority', 'integrity']);
	});
});

describe('isTransactionOrigin', () => {
	it("tells the board's origins from the other objects Yjs passes as origins", () => {
		for (const origin of [{ source: 'user', userId: 1 }, { source: 'seed' }, { source: 'server', suggestedBy: 2 }, { source: 'restore' }]) {
			expect(isTransactionOrigin(origin)).toBe(true);
		}
		for (const origin of [null, undefined, 'user', 7, {}, { source: 'undo' }, new Y.UndoManager(new Y.Doc().getMap('m'))]) {
			expect(isTransactionOrigin(origin)).toBe(false);
		}
	});
});
