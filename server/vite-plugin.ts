import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { configFromEnv } from '../src/lib/server/config';
import { COLLAB_PATH_PREFIX } from '../src/lib/server/collab/paths';
import { closeAppContext } from '../src/lib/server/app-context';
import { prepareContext, serveHealth } from './app-server';

/**
 * `npm run dev`: the same database, seeding, `/healthz` and collaboration
 * upgrade as the production server, attached to Vite's dev server.
 */
export function planningBoardDev(): Plugin {
	return {
		name: 'planning-board-dev-server',
		apply: 'serve',
		async configureServer(server) {
			// Vitest also starts a Vite server: tests open their own databases.
			if (!server.httpServer || process.env.VITEST) return;
			const root = fileURLToPath(new URL('..', import.meta.url));
			const ctx = await prepareContext(configFromEnv({ PORT: '0', ...process.env }, root));
			server.middlewares.use((req, res, next) => {
				if (!serveHealth(ctx, req, res)) next();
			});
			server.httpServer.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith(COLLAB_PATH_PREFIX)) ctx.rooms.handleUpgrade(req, socket, head);
			});
			server.httpServer.on('close', () => void closeAppContext(ctx));
		}
	};
}
