import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSuggestionId, SuggestionOutbox, type OutboxItem, type OutboxStorage, type SendOutcome } from '$lib/client/suggestion-outbox';

// The browser's outbox of suggestions the server has not taken yet: kept
// over a reload, per board and person, sent oldest first, a round stopped by
// the first that cannot go yet, a refusal kept with its reason and text.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function memoryStorage(): OutboxStorage & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k)
	};
}

function item(text: string): Omit<OutboxItem, 'refused'> {
	const id = newSuggestionId();
	return { id, input: { id, kind: 'wording', entryId: 'e1', text }, cell: 'A.a|training', provisionId: 'A.a', targetBody: 'SOMTC', createdAt: 1 };
}

/** A sender answering from a script, recording what it was asked to send. */
function scripted(answers: Record<string, SendOutcome>) {
	const sent: string[] = [];
	const send = async (i: OutboxItem): Promise<SendOutcome> => {
		sent.push(i.input.kind === 'wording' ? i.input.text : '?');
		return answers[i.input.kind === 'wording' ? i.input.text : ''] ?? { sent: true };
	};
	return { sent, send };
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('SuggestionOutbox', () => {
	it('keeps what it holds over a reload, for its own board and person only', () => {
		const storage = memoryStorage();
		const box = new SuggestionOutbox(storage, 'apa:1:7');
		box.add(item('first'));
		box.add(item('second'));
		expect(new SuggestionOutbox(storage, 'apa:1:7').items.map((i) => i.input)).toEqual(box.items.map((i) => i.input));
		expect(new SuggestionOutbox(storage, 'apa:1:8').items).toEqual([]);
		expect(new SuggestionOutbox(storage, 'other:1:7').items).toEqual([]);
	});

	it('sends oldest first, empties as they go, and a round stops at the first that must wait', async () => {
		const storage = memoryStorage();
		const changes: number[] = [];
		const box = new SuggestionOutbox(storage, 'k', (items) => changes.push(items.length));
		for (const t of ['one', 'two', 'three']) box.add(item(t));

		const offline = scripted({ two: { later: true } });
		const outcomes = await box.flush(offline.send);
		expect(offline.sent).toEqual(['one', 'two']);
		expect([...outcomes.values()]).toEqual([{ sent: true }, { later: true }]);
		expect(box.items.map((i) => (i.input.kind === 'wording' ? i.input.text : ''))).toEqual(['two', 'three']);
		expect(box.waiting).toBe(2);

		const online = scripted({});
		await box.flush(online.send);
		expect(online.sent).toEqual(['two', 'three']);
		expect(box.items).toEqual([]);
		expect(storage.map.size, 'nothing left in storage').toBe(0);
		expect(changes).toEqual([1, 2, 3, 2, 1, 0]);
	});

	it('a refusal stays, with the server’s reason and the text, is not sent again, and does not hold up the rest', async () => {
		const storage = memoryStorage();
		const box = new SuggestionOutbox(storage, 'k');
		box.add(item('refused one'));
		box.add(item('fine'));
		const first = scripted({ 'refused one': { refused: 'This board is finalized.' } });
		await box.flush(first.send);
		expect(first.sent).toEqual(['refused one', 'fine']);
		expect(box.items).toHaveLength(1);
		expect(box.items[0]).toMatchObject({ refused: 'This board is finalized.', input: { text: 'refused one' } });
		expect(box.waiting).toBe(0);
		expect(new SuggestionOutbox(storage, 'k').items[0].refused, 'kept over a reload').toBe('This board is finalized.');

		const again = scripted({});
		await box.flush(again.send);
		expect(again.sent).toEqual([]);
		box.remove(box.items[0].id);
		expect(box.items).toEqual([]);
	});

	it('two rounds at once send each suggestion once', async () => {
		const box = new SuggestionOutbox(memoryStorage(), 'k');
		box.add(item('only once'));
		const sent: string[] = [];
		const slow = async (i: OutboxItem): Promise<SendOutcome> => {
			sent.push(i.id);
			await new Promise((r) => setTimeout(r, 20));
			return { sent: true };
		};
		await Promise.all([box.flush(slow), box.flush(slow)]);
		expect(sent).toHaveLength(1);
	});

	it('reads what it cannot understand as nothing, and survives storage that refuses writes', async () => {
		const storage = memoryStorage();
		storage.setItem('planning-board-suggestion-outbox:k', '{not json');
		expect(new SuggestionOutbox(storage, 'k').items).toEqual([]);
		storage.setItem('planning-board-suggestion-outbox:k', JSON.stringify([{ id: 'x', input: { id: 'y' }, createdAt: 1 }, 7]));
		expect(new SuggestionOutbox(storage, 'k').items).toEqual([]);

		const full: OutboxStorage = {
			...storage,
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		const box = new SuggestionOutbox(full, 'k2');
		box.add(item('kept in memory'));
		expect(box.waiting).toBe(1);
	});
});

describe('newSuggestionId', () => {
	it('is a version 4 UUID, also where crypto.randomUUID is missing (a page over plain http)', () => {
		expect(newSuggestionId()).toMatch(UUID);
		const random = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
		vi.stubGlobal('crypto', { getRandomValues: random });
		const ids = new Set(Array.from({ length: 50 }, () => newSuggestionId()));
		expect(ids.size).toBe(50);
		for (const id of ids) expect(id).toMatch(UUID);
	});
});
