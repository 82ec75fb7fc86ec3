// The export worker's side (started through server/export-worker.js): renders
// one export per message, so a 10× board's PDF (seconds of CPU) does not
// stall the WebSocket, whose edits are handled on the main thread.
import { parentPort } from 'node:worker_threads';
import { exportBoard } from './index';
import type { RenderRequest, RenderReply } from './renderer';

parentPort!.on('message', async ({ id, model, format }: RenderRequest) => {
	let reply: RenderReply;
	try {
		reply = { id, file: await exportBoard(model, format) };
	} catch (e) {
		reply = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
	}
	parentPort!.postMessage(reply);
});
