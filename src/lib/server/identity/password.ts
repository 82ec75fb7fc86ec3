import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with N=2^17, r=8, p=1 (128 MiB): OWASP's recommended minimum for
 * scrypt. Stored as `scrypt$N$r$p$salt$hash` (base64) so parameters can be
 * raised later without breaking old hashes.
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMS);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of `password` against a stored hash; false for malformed hashes. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
	const [scheme, n, r, p, salt, expected] = hash.split('$');
	if (scheme !== 'scrypt' || !salt || !expected) return false;
	const want = Buffer.from(expected, 'base64');
	const got = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
	return got.length === want.length && timingSafeEqual(got, want);
}

/** Password rules shown to users when they set one. */
export function passwordProblem(password: string): string | null {
	if (password.length < 10) return 'Use at least 10 characters.';
	if (password.length > 200) return 'Use at most 200 characters.';
	return null;
}
