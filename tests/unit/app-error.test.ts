import { describe, expect, it } from 'vitest';
import { AppError, badRequest, conflict, forbidden, isAppError, notFound, unauthorized } from '$lib/server/app-error';

describe('AppError', () => {
	it('carries its status and message; the helpers name the status', () => {
		expect([badRequest('a'), unauthorized(), forbidden('b'), notFound('c'), conflict('d')].map((e) => [e.status, e.message])).toEqual([
			[400, 'a'],
			[401, 'Sign in first.'],
			[403, 'b'],
			[404, 'c'],
			[409, 'd']
		]);
	});

	it('is recognised across two copies of its module, where instanceof fails', async () => {
		// A second instance of the module, as the SvelteKit bundle and server/ each load their own.
		const secondCopy = '../../src/lib/server/app-error.ts?second-copy';
		const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof import('$lib/server/app-error');
		const fromCopy = new copy.AppError(403, 'Only the chair can do this.');
		expect(copy.AppError).not.toBe(AppError);
		expect(fromCopy instanceof AppError).toBe(false);
		expect(isAppError(fromCopy)).toBe(true);
		expect(copy.isAppError(forbidden('x'))).toBe(true);
	});

	it('does not take other errors or look-alike objects for one', () => {
		expect(isAppError(new Error('boom'))).toBe(false);
		expect(isAppError({ status: 404, message: 'No board with this id.' })).toBe(false);
		expect(isAppError(null)).toBe(false);
		expect(isAppError('Sign in first.')).toBe(false);
	});
});
