import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	closeAppContext,
	createAppContext,
	setAppContext,
	type AppContext
} from '../src/lib/server/app-context';
import { listDemoAccounts, seedIfEmpty, type DemoAccount } from '../src/lib/server/bootstrap';
import type { AppConfig } from '../src/lib/server/config';
import { health } from '../src/lib/server/http/health';
import { loadSeeds } from '../src/lib/server/boards/seeds';
import { COLLAB_PATH_PREFIX } from '../src/lib/server/collab/paths';
import { withCompression } from './compression';
import { version } from './version';

/**
 * Without ORIGIN, adapter-node assumes https and its CSRF check then refuses
 * every form posted over plain http. This server speaks plain http itself, so
 * it states the protocol in a header adapter-node is told to read (set
 * PROTOCOL_HEADER to this before importing the handler); a client-sent value
 * is overwritten. Behind a TLS proxy, set ORIGIN instead.
 */
export const PROTOCOL_HEADER = 'x-planning-board-proto';

export interface RunningServer {
	url: string;
	ctx: AppContext;
	demoAccounts: DemoAccount[];
	close(): Promise<void>;
}

/** Opens the database, seeds it on first run and attaches it to the process. */
export async function prepareContext(config: AppConfig): Promise<AppContext> {
	const ctx = createAppContext(config);
	try {
		await seedIfEmpty(ctx, loadSeeds(config.seedsDir));
	} catch (e) {
		await closeAppContext(ctx);
		throw e;
	}
	setAppContext(ctx);
	return ctx;
}

/** Answers `/healthz`; returns false for any other request. */
export function serveHealth(ctx: AppContext, req: IncomingMessage, res: ServerResponse): boolean {
	if (req.url !== '/healthz') return false;
	const body = health(ctx, version);
	res.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
	return true;
}

/**
 * The one process: an HTTP server that answers `/healthz`, hands the
 * collaboration upgrade (`/yjs/<board>`) to the rooms and everything else to
 * SvelteKit's handler (absent in server tests, which then get 404).
 */
export async function startServer(config: AppConfig, handler?: RequestListener): Promise<RunningServer> {
	const ctx = await prepareContext(config);
	const app = handler && withCompression(handler);
	const server = createServer((req, res) => {
		if (serveHealth(ctx, req, res)) return;
		if (!config.origin) req.headers[PROTOCOL_HEADER] = 'http';
		if (app) return app(req, res);
		res.writeHead(404).end();
	});
	server.on('upgrade', (req, socket, head) => {
		if (req.url?.startsWith(COLLAB_PATH_PREFIX)) ctx.rooms.handleUpgrade(req, socket, head);
		else socket.destroy();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	let closing: Promise<void> | undefined;
	return {
		url: `http://${shownHost}:${port}`,
		ctx,
		demoAccounts: listDemoAccounts(ctx),
		close() {
			closing ??= (async () => {
				const closed = new Promise((resolve) => server.close(resolve));
				server.closeAllConnections();
				await closeAppContext(ctx);
				await closed;
				setAppContext(undefined);
			})();
			return closing;
		}
	};
}
