import type { UserSpec } from './collab-server';

/**
 * The cast of the tests: one person per role and body the rules tell apart.
 * `signIn(ctx, PEOPLE.chair)` gives each a fresh account and session.
 */
export const PEOPLE = {
	observer: { role: 'observer', name: 'Olive Observer' },
	somtc: { role: 'delegate', body: 'SOMTC', name: 'Tess Somtc' },
	somed: { role: 'delegate', body: 'SOM-ED', name: 'Ed Somed' },
	acwc: { role: 'delegate', body: 'ACWC', name: 'Wan Children' },
	chair: { role: 'chair', body: 'SOMTC', name: 'Chris Chair' },
	secretariat: { role: 'secretariat', name: 'Sam Secretariat' }
} as const satisfies Record<string, UserSpec>;
