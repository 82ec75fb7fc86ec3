import { createServer, request, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding, withCompression } from '../../server/compression';

const PAGE = `<!doctype html><title>Board</title>${'<tr><td>An activity of the board</td></tr>'.repeat(400)}`;

/** 256 KB of text in 64 KB pieces: each is more than the encoder's input buffer holds, so write says "wait". */
const BIG_CHUNKS = Array.from({ length: 4 }, (_, i) =>
	Array.from({ length: 64 * 1024 }, (_, j) => String.fromCharCode(33 + ((j * j * 7919 + i * 104729 + (j >> 5)) % 89))).join('')
);

const app: RequestListener = (req, res) => {
	if (req.url === '/page') return void res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(PAGE) }).end(PAGE);
	if (req.url === '/stream') {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.write('<p>first</p>'.repeat(100));
		setTimeout(() => res.end('<p>last</p>'), 300);
		return;
	}
	if (req.url === '/xlsx') {
		res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		res.setHeader('content-disposition', 'attachment; filename="b.xlsx"');
		return void res.end(Buffer.alloc(5000, 7));
	}
	if (req.url === '/big') {
		// As SvelteKit writes a large page: chunk by chunk, waiting for 'drain' whenever write says the buffer is full.
		res.writeHead(200, { 'content-type': 'application/json' });
		void (async () => {
			for (const chunk of BIG_CHUNKS) if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
			res.end();
		})();
		return;
	}
	res.setHeader('content-type', 'application/json');
	res.end('{"ok":true}');
};

let base = '';
const server = createServer(withCompression(app));
beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function get(path: string, encoding: string) {
	return new Promise<{ headers: Record<string, unknown>; body: Buffer; firstChunkAt: number; endAt: number }>((resolve, reject) => {
		const started = Date.now();
		request(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
			const chunks: Buffer[] = [];
			let firstChunkAt = -1;
			res.on('data', (c: Buffer) => {
				if (firstChunkAt < 0) firstChunkAt = Date.now() - started;
				chunks.push(c);
			});
			res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks), firstChunkAt, endAt: Date.now() - started }));
		})
			.on('error', reject)
			.end();
	});
}

describe('response compression', () => {
	it('prefers brotli, falls back to gzip, honours q=0', () => {
		expect(pickEncoding('gzip, deflate, br')).toBe('br');
		expect(pickEncoding('gzip')).toBe('gzip');
		expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
		expect(pickEncoding(undefined)).toBeNull();
	});

	it('sends HTML brotli- or gzip-encoded, much smaller, and decodable to the same page', async () => {
		const br = await get('/page', 'br, gzip');
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers['content-length']).toBeUndefined();
		expect(br.headers.vary).toMatch(/Accept-Encoding/);
		expect(br.body.length).toBeLessThan(PAGE.length / 10);
		expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);
		const gz = await get('/page', 'gzip');
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gz.body).toString()).toBe(PAGE);
		const plain = await get('/page', 'identity');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toBe(PAGE);
	});

	it('keeps a streamed response streaming: the first part arrives before the end is written', async () => {
		const res = await get('/stream', 'gzip');
		expect(res.firstChunkAt).toBeLessThan(250);
		expect(res.endAt).toBeGreaterThanOrEqual(290);
		expect(gunzipSync(res.body).toString()).toBe(`${'<p>first</p>'.repeat(100)}<p>last</p>`);
	});

	it('passes the encoder’s backpressure on: a large body written drain by drain arrives whole', async () => {
		for (const encoding of ['br', 'gzip']) {
			const res = await get('/big', encoding);
			const body = encoding === 'br' ? brotliDecompressSync(res.body) : gunzipSync(res.body);
			expect(body.toString()).toBe(BIG_CHUNKS.join(''));
		}
	});

	it('leaves already-compressed downloads and tiny bodies alone', async () => {
		const xlsx = await get('/xlsx', 'br, gzip');
		expect(xlsx.headers['content-encoding']).toBeUndefined();
		expect(xlsx.body).toEqual(Buffer.alloc(5000, 7));
		const tiny = await get('/json', 'br, gzip');
		expect(tiny.headers['content-encoding']).toBeUndefined();
		expect(tiny.body.toString()).toBe('{"ok":true}');
	});
});
