import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';

/** Bodies worth compressing: text formats. Office files, PDFs, images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/(?!event-stream)|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;
/** Below this, the encoding costs more than it saves. */
const MIN_BYTES = 1024;

/** br when the browser takes it (smaller HTML and JS), else gzip; null for neither. */
export function pickEncoding(accept: string | string[] | undefined): 'br' | 'gzip' | null {
	const offered = new Map(
		String(accept ?? '')
			.split(',')
			.map((part) => {
				const [name, ...params] = part.trim().toLowerCase().split(';');
				const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
				return [name, q ? Number(q.slice(2)) : 1] as const;
			})
	);
	if ((offered.get('br') ?? 0) > 0) return 'br';
	if ((offered.get('gzip') ?? 0) > 0) return 'gzip';
	return null;
}

function compressible(res: ServerResponse, status: number): boolean {
	if (status < 200 || status === 204 || status === 304) return false;
	if (res.getHeader('content-encoding')) return false;
	const length = Number(res.getHeader('content-length'));
	if (Number.isFinite(length) && length > 0 && length < MIN_BYTES) return false;
	return COMPRESSIBLE.test(String(res.getHeader('content-type') ?? ''));
}

/**
 * Wraps the app's handler so text responses (the board's HTML, JS, CSS, JSON)
 * go out gzip- or brotli-encoded. Every chunk is flushed as it is written, so
 * streamed responses keep streaming; the WebSocket upgrade never passes here.
 */
export function withCompression(handler: RequestListener): RequestListener {
	return (req: IncomingMessage, res: ServerResponse) => {
		const encoding = req.method === 'HEAD' ? null : pickEncoding(req.headers['accept-encoding']);
		if (!encoding) return handler(req, res);
		const writeHead = res.writeHead.bind(res) as (status: number) => ServerResponse;
		const write = res.write.bind(res) as (...args: unknown[]) => boolean;
		const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
		let stream: zlib.Gzip | zlib.BrotliCompress | null = null;

		function start(status: number) {
			if (!compressible(res, status)) return;
			res.removeHeader('content-length');
			res.setHeader('content-encoding', encoding!);
			res.setHeader('vary', [res.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
			const encoder =
				encoding === 'br'
					? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
					: zlib.createGzip({ level: 6 });
			encoder.on('data', (chunk: Buffer) => {
				if (!write(chunk)) encoder.pause();
			});
			res.on('drain', () => encoder.resume());
			// The handler sees the encoder's backpressure through res.write's result and then waits
			// for res's 'drain' (SvelteKit does): the encoder's own drain must reach it, or it waits forever.
			encoder.on('drain', () => res.emit('drain'));
			encoder.on('end', () => end());
			stream = encoder;
		}

		res.writeHead = ((status: number, ...rest: unknown[]) => {
			const headers = rest.find((r) => typeof r === 'object' && r !== null) as OutgoingHttpHeaders | string[] | undefined;
			if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
			else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
			const message = rest.find((r) => typeof r === 'string') as string | undefined;
			if (message) res.statusMessage = message;
			start(status);
			return writeHead(status);
		}) as ServerResponse['writeHead'];

		const ensureHead = () => {
			if (!res.headersSent) res.writeHead(res.statusCode);
		};
		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			ensureHead();
			if (!stream) return write(chunk, ...rest);
			const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
			const encodingArg = rest.find((r) => typeof r === 'string') as BufferEncoding | undefined;
			const ok = stream.write(typeof chunk === 'string' ? Buffer.from(chunk, encodingArg) : (chunk as Buffer), callback);
			stream.flush();
			return ok;
		}) as ServerResponse['write'];

		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			const callback = [chunk, ...rest].find((r) => typeof r === 'function') as (() => void) | undefined;
			const body = typeof chunk === 'function' ? undefined : chunk;
			const encodingArg = rest.find((r) => typeof r === 'string') as BufferEncoding | undefined;
			if (!res.headersSent) {
				// The whole body is known: small ones go out as they are.
				const size = body === undefined || body === null ? 0 : Buffer.byteLength(body as string | Buffer, encodingArg);
				if (size < MIN_BYTES && !res.getHeader('content-length')) res.setHeader('content-length', size);
				res.writeHead(res.statusCode);
			}
			if (!stream) return end(...[chunk, ...rest].filter((x) => x !== undefined));
			if (callback) res.once('finish', callback);
			if (body !== undefined && body !== null && body !== '') {
				stream.end(typeof body === 'string' ? Buffer.from(body, encodingArg) : (body as Buffer));
			} else stream.end();
			return res;
		}) as ServerResponse['end'];

		handler(req, res);
	};
}
