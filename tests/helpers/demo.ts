/** Demo logins created when the e2e server seeds its fresh database (see src/lib/server/bootstrap.ts). */
export const DEMO_PASSWORD = 'planning-board-demo';

export const DEMO = {
	secretariat: 'secretariat@demo.test',
	chair: 'chair@demo.test',
	observer: 'observer@demo.test',
	delegate: (body: string) => `${body.toLowerCase()}@demo.test`
} as const;
