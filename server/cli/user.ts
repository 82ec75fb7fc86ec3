// `npm run user -- <command>`: account administration on the database,
// with or without the server running (e.g. the first admin of a new install).
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { badRequest, isAppError } from '../../src/lib/server/app-error';
import { closeAppContext, createAppContext, type AppContext } from '../../src/lib/server/app-context';
import { seedIfEmpty } from '../../src/lib/server/bootstrap';
import { configFromEnv } from '../../src/lib/server/config';
import { loadSeeds } from '../../src/lib/server/boards/seeds';
import { ROLES, type Role } from '../../src/lib/server/identity/users';

const USAGE = `Usage: npm run user -- <command> [options]

  add --email E --name N --role R [--body CODE] [--password P]
        Create an account. Roles: ${ROLES.join(', ')}. Delegates need --body.
        Without --password, prints a one-time link to set it (valid 7 days).
  list                      List accounts.
  disable --email E         Deactivate an account and end its sessions.
  enable --email E          Reactivate an account.
  reset --email E           End its sessions and print a password reset link.

Environment: DATA_DIR (default ./data), ORIGIN (for printed links, default http://localhost:3000).`;

function inviteUrl(token: string): string {
	const origin = process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`;
	return `${origin}/invite/${token}`;
}

function userByEmail(ctx: AppContext, email: string | undefined) {
	if (!email) throw badRequest('Give the account with --email.');
	const user = ctx.users.byEmail(email);
	if (!user) throw badRequest(`No account with the email ${email}.`);
	return user;
}

async function run(ctx: AppContext, command: string | undefined, values: Record<string, string | undefined>): Promise<void> {
	switch (command) {
		case 'add': {
			const { user, inviteToken } = await ctx.accounts.create(
				{
					email: values.email ?? '',
					name: values.name ?? '',
					role: (values.role ?? '') as Role,
					body: values.body ?? null,
					password: values.password
				},
				null
			);
			console.log(`Created ${user.email} (${user.role}${user.body ? ` of ${user.body}` : ''}).`);
			if (inviteToken) console.log(`Link to set the password: ${inviteUrl(inviteToken)}`);
			return;
		}
		case 'list':
			for (const u of ctx.users.list()) {
				console.log(
					[u.email.padEnd(32), u.role.padEnd(11), (u.body ?? '').padEnd(9), u.active ? 'active' : 'disabled', u.name].join(' ')
				);
			}
			return;
		case 'disable':
			ctx.accounts.deactivate(userByEmail(ctx, values.email).id);
			console.log(`Disabled ${values.email}; its sessions have ended.`);
			return;
		case 'enable':
			ctx.accounts.reactivate(userByEmail(ctx, values.email).id);
			console.log(`Enabled ${values.email}.`);
			return;
		case 'reset': {
			const token = ctx.accounts.resetPassword(userByEmail(ctx, values.email).id, null);
			console.log(`Password reset link for ${values.email}: ${inviteUrl(token)}`);
			return;
		}
		default:
			throw badRequest(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
	}
}

async function main(): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			allowPositionals: true,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				role: { type: 'string' },
				body: { type: 'string' },
				password: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${USAGE}`);
		return 2;
	}
	if (parsed.values.help) {
		console.log(USAGE);
		return 0;
	}
	const root = fileURLToPath(new URL('../..', import.meta.url));
	const config = configFromEnv(process.env, root);
	const ctx = createAppContext(config);
	try {
		// A new install: the body registry (and the APA board) must exist before accounts refer to them.
		await seedIfEmpty(ctx, loadSeeds(config.seedsDir));
		const { help: _help, ...values } = parsed.values;
		await run(ctx, parsed.positionals[0], values);
		return 0;
	} catch (e) {
		if (isAppError(e)) {
			console.error(e.message);
			return 2;
		}
		throw e;
	} finally {
		await closeAppContext(ctx);
	}
}

process.exitCode = await main();
