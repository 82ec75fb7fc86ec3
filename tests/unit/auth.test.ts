import { describe, expect, it } from 'vitest';
import { generateSecureRandomString, INACTIVITY_TIMEOUT_MS, readCookie, Sessions } from '$lib/server/identity/auth';
import { openDatabase } from '$lib/server/db';
import { LoginThrottle } from '$lib/server/identity/login-throttle';
import { hashPassword, passwordProblem, verifyPassword } from '$lib/server/identity/password';
import { Users } from '$lib/server/identity/users';

function setup() {
	const db = openDatabase(':memory:');
	const users = new Users(db);
	const user = users.create({ email: 'a@example.org', name: 'Ann', role: 'delegate', body: null, passwordHash: null });
	return { db, users, user, sessions: new Sessions(db) };
}

describe('sessions (after the Lucia guide)', () => {
	it('gives out "<id>.<secret>" tokens of 120 bits each and stores only a hash of the secret', () => {
		const { db, user, sessions } = setup();
		const { token, session } = sessions.create(user.id);
		const [id, secret] = token.split('.');
		expect(id).toMatch(/^[a-km-np-z2-9]{24}$/);
		expect(secret).toMatch(/^[a-km-np-z2-9]{24}$/);
		expect(session.id).toBe(id);
		const row = db.prepare('SELECT * FROM sessions').get() as Record<string, unknown>;
		expect(JSON.stringify(row)).not.toContain(secret);
		expect((row.secret_hash as Buffer).length).toBe(32);
	});

	it('validates the token and refuses a wrong secret, a malformed token and an unknown id', () => {
		const { user, sessions } = setup();
		const { token } = sessions.create(user.id);
		expect(sessions.validate(token)?.user).toMatchObject({ id: user.id, email: 'a@example.org', role: 'delegate' });
		const [id] = token.split('.');
		expect(sessions.validate(`${id}.${generateSecureRandomString()}`)).toBeNull();
		expect(sessions.validate('garbage')).toBeNull();
		expect(sessions.validate(`${generateSecureRandomString()}.${generateSecureRandomString()}`)).toBeNull();
		expect(sessions.validate(undefined)).toBeNull();
	});

	it('expires after the inactivity timeout, and slides forward when used', () => {
		const { user, sessions } = setup();
		const t0 = 1_000_000_000_000;
		const { token } = sessions.create(user.id, t0);
		const day = 24 * 60 * 60 * 1000;
		// Used after 9 days: still valid, and the last-seen time moves.
		expect(sessions.validate(token, t0 + 9 * day)).not.toBeNull();
		// 9 more days after that use: within the timeout of the last use.
		expect(sessions.validate(token, t0 + 18 * day)).not.toBeNull();
		// Idle longer than the timeout: gone for good.
		expect(sessions.validate(token, t0 + 18 * day + INACTIVITY_TIMEOUT_MS)).toBeNull();
		expect(sessions.validate(token, t0 + 18 * day)).toBeNull();
	});

	it('logs out one session, or all of a user\'s, and refuses deactivated users', () => {
		const { users, user, sessions } = setup();
		const a = sessions.create(user.id);
		const b = sessions.create(user.id);
		sessions.invalidate(a.session.id);
		expect(sessions.validate(a.token)).toBeNull();
		expect(sessions.validate(b.token)).not.toBeNull();
		sessions.invalidateAllForUser(user.id);
		expect(sessions.validate(b.token)).toBeNull();
		const c = sessions.create(user.id);
		users.setActive(user.id, false);
		expect(sessions.validate(c.token)).toBeNull();
	});

	it('reads the session cookie from a raw Cookie header', () => {
		expect(readCookie('a=1; pb_session=abc.def; b=2', 'pb_session')).toBe('abc.def');
		expect(readCookie('a=1', 'pb_session')).toBeUndefined();
		expect(readCookie(undefined, 'pb_session')).toBeUndefined();
		expect(readCookie('pb_session=%E0%A4%A', 'pb_session')).toBeUndefined();
	});
});

describe('passwords', () => {
	it('hashes with scrypt and verifies in constant time', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
	});

	it('asks for at least 10 characters', () => {
		expect(passwordProblem('short')).toBe('Use at least 10 characters.');
		expect(passwordProblem('long enough here')).toBeNull();
	});
});

describe('login throttle', () => {
	it('locks an account after 5 failures in 15 minutes, and an address after 30', () => {
		const throttle = new LoginThrottle();
		const t = 1_000_000;
		for (let i = 0; i < 4; i++) throttle.fail('A@x.org', '10.0.0.1', t);
		expect(throttle.retryAfter('a@x.org', '10.0.0.1', t)).toBe(0);
		throttle.fail('a@x.org', '10.0.0.1', t);
		expect(throttle.retryAfter('a@x.org', '10.0.0.2', t + 1000)).toBe(15 * 60 * 1000 - 1000);
		expect(throttle.retryAfter('a@x.org', '10.0.0.2', t + 15 * 60 * 1000)).toBe(0);
		throttle.succeed('a@x.org');
		expect(throttle.retryAfter('a@x.org', '10.0.0.3', t)).toBe(0);

		const ip = new LoginThrottle();
		for (let i = 0; i < 30; i++) ip.fail(`user${i}@x.org`, '10.9.9.9', t);
		expect(ip.retryAfter('someone-new@x.org', '10.9.9.9', t)).toBeGreaterThan(0);
		expect(ip.retryAfter('someone-new@x.org', '10.9.9.8', t)).toBe(0);
	});
});
