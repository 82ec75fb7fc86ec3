import { describe, expect, it } from 'vitest';
import { safeNext } from '$lib/safe-next';

describe('safeNext: where sign-in may send a person', () => {
	it('keeps paths of this site, with their query and fragment', () => {
		expect(safeNext('/boards/apa-2016?body=SOMTC#A.a')).toBe('/boards/apa-2016?body=SOMTC#A.a');
		expect(safeNext('/')).toBe('/');
	});

	it('refuses other sites however they are spelled', () => {
		for (const next of ['//evil.example/', '/\\evil.example/', '/%5Cevil.example/', '/\t/evil.example/', '/\n/evil.example', 'https://evil.example/', 'javascript:alert(1)', ' /x']) {
			const target = safeNext(decodeURIComponent(next));
			expect(target, next).not.toMatch(/evil/);
			expect(target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\'), next).toBe(true);
		}
		expect(safeNext(null)).toBe('/');
		expect(safeNext('')).toBe('/');
	});
});
