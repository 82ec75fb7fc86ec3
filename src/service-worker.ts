/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />

// Lets a board open again while the network is gone (hotel Wi-Fi): the app's
// code is cached when the worker installs, and the board list and board pages
// are cached each time they load online. The board's data comes from the
// browser's local copy (IndexedDB, see live-board.svelte.ts), so a reload
// offline shows the board with this person's unsent edits.
//
// Pages are always fetched from the network first: the cache is only used when
// the network fails. Nothing else (API, WebSocket, forms) goes through it.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSETS = `planning-board-assets-${version}`;
const PAGES = `planning-board-pages-${version}`;
const APP_FILES = new Set([...build, ...files]);

/** The pages worth having offline (and their data for in-app navigation): the board list and everything under a board. */
function isCacheablePage(url: URL): boolean {
	const path = url.pathname.replace(/\/?__data\.json$/, '') || '/';
	return url.origin === sw.location.origin && (path === '/' || path.startsWith('/boards/'));
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((cache) => cache.addAll([...APP_FILES]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== ASSETS && key !== PAGES) await caches.delete(key);
			}
			await sw.clients.claim();
			// The page that registered this worker loaded before it existed: cache it now.
			const windows = await sw.clients.matchAll({ type: 'window' });
			const pages = windows.filter((client) => isCacheablePage(new URL(client.url)));
			await Promise.all(pages.map((client) => refreshPage(new Request(client.url)).catch(() => undefined)));
		})()
	);
});

/** Fetches a page from the network and keeps a copy when it is a signed-in page. */
async function refreshPage(request: Request): Promise<Response> {
	const response = await fetch(request);
	const url = new URL(request.url);
	if (response.redirected && new URL(response.url).pathname === '/login') {
		// The session ended: what this browser kept of it must go too.
		await caches.delete(PAGES);
	} else if (response.ok && !response.redirected && isCacheablePage(url)) {
		const cache = await caches.open(PAGES);
		await cache.put(request.url, response.clone());
	}
	return response;
}

async function pageOffline(request: Request): Promise<Response> {
	try {
		return await refreshPage(request);
	} catch {
		const cached = await caches.match(request.url, { cacheName: PAGES });
		if (cached) return cached;
		// In-app navigation data must match its request exactly; failing it makes
		// SvelteKit load the whole page instead, which the branch below answers.
		if (request.mode !== 'navigate') return Response.error();
		// The same page with other filters in its address will do.
		const samePage = await caches.match(request.url, { cacheName: PAGES, ignoreSearch: true });
		return samePage ?? new Response(OFFLINE_PAGE, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
	}
}

async function appFile(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: ASSETS });
	return cached ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (request.method === 'POST' && url.pathname === '/logout') {
		// Signing out forgets the pages this browser kept for offline use.
		event.waitUntil(caches.delete(PAGES));
		return;
	}
	if (request.method !== 'GET') return;
	if (APP_FILES.has(url.pathname)) {
		event.respondWith(appFile(request));
	} else if (isCacheablePage(url) && (request.mode === 'navigate' || url.pathname.endsWith('__data.json'))) {
		event.respondWith(pageOffline(request));
	}
});

const OFFLINE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline · Planning Board</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d2433}h1{font-size:1.3rem}</style></head>
<body><h1>You are offline</h1>
<p>This page has not been opened on this device while online, so there is no copy of it here.
Boards you have opened before are available offline; your edits are kept on this device and sent when the connection returns.</p>
<p><a href="/">Go to the board list</a> · <a href="" onclick="location.reload();return false">Try again</a></p></body></html>`;
