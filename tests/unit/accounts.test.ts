import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext, type AppContext } from '$lib/server/app-context';
import { seedIfEmpty } from '$lib/server/bootstrap';
import { loadSeeds } from '$lib/server/boards/seeds';
import { verifyPassword } from '$lib/server/identity/password';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function config(dataDir: string, dbPath = ':memory:') {
	return { dataDir, dbPath, seedsDir: join(ROOT, 'seeds'), demo: false, port: 0, host: '127.0.0.1', origin: undefined };
}

describe('account administration', () => {
	let ctx: AppContext;
	beforeAll(async () => {
		ctx = createAppContext(config(tmpdir()));
		await seedIfEmpty(ctx, loadSeeds(join(ROOT, 'seeds')));
	});
	afterAll(() => closeAppContext(ctx));

	it('creates a delegate with an invite link; the link sets the password once', async () => {
		const { user, inviteToken } = await ctx.accounts.create({ email: 'new@acwc.org', name: 'New Delegate', role: 'delegate', body: 'ACWC' }, null);
		expect(user).toMatchObject({ email: 'new@acwc.org', role: 'delegate', body: 'ACWC', passwordHash: null });
		expect(inviteToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
		await expect(ctx.accounts.acceptInvite(inviteToken!, 'short')).rejects.toThrow('Use at least 10 characters.');
		expect(await ctx.accounts.acceptInvite(inviteToken!, 'a long enough password')).toBe(user.id);
		expect(await verifyPassword(ctx.users.byId(user.id)!.passwordHash!, 'a long enough password')).toBe(true);
		await expect(ctx.accounts.acceptInvite(inviteToken!, 'another long password')).rejects.toThrow(/expired or was already used/);
	});

	it('refuses bad fields with a sentence a person can act on', async () => {
		const bad = [
			[{ email: 'not-an-email', name: 'X', role: 'observer', body: null }, 'Enter a valid email address.'],
			[{ email: 'x@y.org', name: 'X', role: 'king', body: null }, 'Role must be one of: observer, delegate, chair, secretariat.'],
			[{ email: 'x@y.org', name: 'X', role: 'delegate', body: null }, 'A delegate speaks for a sectoral body: choose one.'],
			[{ email: 'x@y.org', name: 'X', role: 'delegate', body: 'NOPE' }, 'Unknown sectoral body NOPE.'],
			[{ email: 'new@acwc.org', name: 'Again', role: 'observer', body: null }, 'An account with the email new@acwc.org already exists.']
		] as const;
		for (const [input, message] of bad) {
			await expect(ctx.accounts.create(input as never, null)).rejects.toMatchObject({ status: 400, message });
		}
	});

	it('deactivation ends every session; a reset ends sessions and issues a new link', async () => {
		const { user } = await ctx.accounts.create({ email: 'gone@x.org', name: 'Gone', role: 'observer', body: null, password: 'a fine password' }, null);
		const a = ctx.sessions.create(user.id);
		ctx.accounts.deactivate(user.id);
		expect(ctx.sessions.validate(a.token)).toBeNull();
		expect(ctx.users.byId(user.id)!.active).toBe(0);

		const { user: other } = await ctx.accounts.create({ email: 'reset@x.org', name: 'Reset', role: 'observer', body: null, password: 'a fine password' }, null);
		const b = ctx.sessions.create(other.id);
		const token = ctx.accounts.resetPassword(other.id, null);
		expect(ctx.sessions.validate(b.token)).toBeNull();
		expect(ctx.invites.check(token)).toBe(other.id);
	});

	it('a reset makes the old password stop working until the link sets a new one', async () => {
		const { user } = await ctx.accounts.create({ email: 'leaked@x.org', name: 'Leaked', role: 'observer', body: null, password: 'the old password' }, null);
		expect(await verifyPassword(ctx.users.byId(user.id)!.passwordHash!, 'the old password')).toBe(true);
		const token = ctx.accounts.resetPassword(user.id, null);
		expect(ctx.users.byId(user.id)!.passwordHash).toBeNull();
		await ctx.accounts.acceptInvite(token, 'the new password');
		const hash = ctx.users.byId(user.id)!.passwordHash!;
		expect(await verifyPassword(hash, 'the new password')).toBe(true);
		expect(await verifyPassword(hash, 'the old password')).toBe(false);
	});
});

describe('npm run user (CLI) on a fresh install', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'planning-board-cli-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	function cli(...args: string[]) {
		return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/user.ts'), ...args], {
			cwd: ROOT,
			env: { ...process.env, DATA_DIR: dir, DEMO: '0' },
			encoding: 'utf8',
			timeout: 60_000
		});
	}

	it('adds the first secretariat account, lists it, and explains mistakes with exit code 2', () => {
		const add = cli('add', '--email', 'admin@asean.org', '--name', 'First Admin', '--role', 'secretariat');
		expect(add.stderr).toBe('');
		expect(add.status).toBe(0);
		expect(add.stdout).toContain('Created admin@asean.org (secretariat).');
		expect(add.stdout).toMatch(/Link to set the password: http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{32}/);

		const list = cli('list');
		expect(list.status).toBe(0);
		expect(list.stdout).toContain('admin@asean.org');
		expect(list.stdout).not.toContain('@demo.test'); // DEMO=0: no demo accounts

		const bad = cli('add', '--email', 'x@y.org', '--name', 'X', '--role', 'delegate');
		expect(bad.status).toBe(2);
		expect(bad.stderr.trim()).toBe('A delegate speaks for a sectoral body: choose one.');

		const unknown = cli('frobnicate');
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('Unknown command "frobnicate".');
	}, 120_000);
});
