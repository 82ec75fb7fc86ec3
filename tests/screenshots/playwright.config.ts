import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import e2e from '../../playwright.config';

// `npm run screenshots`: the e2e server and browser, a spec of its own that writes docs/screenshots/.
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
	...e2e,
	testDir: '.',
	testMatch: 'take.ts',
	outputDir: '../../test-results/screenshots',
	reporter: [['list']],
	timeout: 240_000,
	webServer: { ...(e2e.webServer as object), cwd: root } as typeof e2e.webServer
});
