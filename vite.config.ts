import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { planningBoardDev } from './server/vite-plugin';

export default defineConfig({
	plugins: [sveltekit(), planningBoardDev()],
	server: { port: 5173 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
