/** Any origin: `next` is resolved against it only to see whether it stays on it. */
const HERE = 'http://here.invalid';

/**
 * Where to go after signing in: `next` when it resolves to a path of this
 * site, else the board list. Resolving it as browsers do catches what a
 * prefix check misses: `/\evil.example/` and `/<TAB>/evil.example/` are
 * protocol-relative addresses of another site.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(next, HERE);
	} catch {
		return '/';
	}
	return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
