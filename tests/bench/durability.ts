// Benchmark 5: the crash-durability trial of tests/server/collab-durability.test.ts,
// run several times: a write burst from several clients, SIGKILL of the server
// the moment an observer has received KILL_AFTER updates, restart, and check
// that everything the observer received is there.
import { bodyDocName } from '../../src/lib/board/doc';
import { contains } from '../helpers/board-edits';
import { syncedClient, type TestClient } from '../helpers/collab-client';
import { APA_BOARD, removeDataDir, signInThroughFile, startTestServer, tempDataDir } from '../helpers/collab-server';
import { killDuringBurst } from '../helpers/crash-burst';
import { loadAverage } from './lib/machine';
import { markdownTable, provenance, textTable, writeSection } from './lib/report';
import { spawnOurs } from './lib/servers';
import { fmt, median } from './lib/stats';

const WRITERS = 3;
const KEYSTROKES = 79;
const KILL_AFTER = 200;

interface Trial {
	survived: boolean;
	/** Updates the observer had received when the server was killed. */
	received: number;
	/** Updates in the log after the restart. */
	stored: number;
	restartMs: number;
}

async function trial(): Promise<Trial> {
	const dataDir = tempDataDir();
	const clients: TestClient[] = [];
	try {
		const proc = await spawnOurs(dataDir);
		const [observerUser, ...writerUsers] = signInThroughFile(dataDir, [
			{ role: 'observer' },
			...Array.from({ length: WRITERS }, () => ({ role: 'delegate' as const, body: 'SOMTC' }))
		]);
		const writers = await Promise.all(writerUsers.map((u) => syncedClient(proc.wsUrl, APA_BOARD, { token: u.token })));
		const observer = await syncedClient(proc.wsUrl, APA_BOARD, { token: observerUser.token });
		clients.push(...writers, observer);
		const { seen, received: receivedAtKill } = await killDuringBurst({
			writers,
			observer,
			child: proc.child,
			exited: proc.exited,
			keystrokes: KEYSTROKES,
			killAfter: KILL_AFTER
		});
		for (const c of clients.splice(0)) c.destroy();
		if (!seen) throw new Error('the server exited before the observer received the burst');
		const restarted = performance.now();
		const server = await startTestServer(dataDir);
		const restartMs = performance.now() - restarted;
		try {
			const stored = server.running.ctx.store.lastSeq(APA_BOARD);
			// The writers are SOMTC delegates: the burst is in SOMTC's document.
			const somtc = server.running.ctx.store.load(APA_BOARD, bodyDocName('SOMTC')).doc;
			return { survived: contains(somtc, seen), received: receivedAtKill, stored, restartMs };
		} finally {
			await server.close();
		}
	} finally {
		for (const c of clients) c.destroy();
		removeDataDir(dataDir);
	}
}

export async function runDurability(runs = Number(process.env.BENCH_CRASH_RUNS ?? 10)): Promise<{ markdown: string }> {
	const loadBefore = loadAverage();
	console.log(`\n== Crash durability: ${runs} trials`);
	const trials: Trial[] = [];
	for (let i = 0; i < runs; i++) {
		const t = await trial();
		trials.push(t);
		console.log(`trial ${i + 1}: ${t.survived ? 'survived' : 'LOST UPDATES'} (observer had ${t.received}, log has ${t.stored})`);
	}
	const survived = trials.filter((t) => t.survived).length;
	const total = WRITERS * (KEYSTROKES + 1);
	const midBurst = trials.filter((t) => t.received < total).length;
	const headers = ['trials', 'survived', `killed before the observer had all ${total}`, 'updates the observer had at the kill (median)', 'updates stored (median)', 'restart (median)'];
	const rows = [
		[
			String(runs),
			`${survived}/${runs}`,
			`${midBurst}/${runs}`,
			fmt(median(trials.map((t) => t.received)), 0),
			fmt(median(trials.map((t) => t.stored)), 0),
			`${fmt(median(trials.map((t) => t.restartMs)), 0)} ms`
		]
	];
	console.log(`\n${textTable(headers, rows)}`);
	const markdown = [
		provenance(loadBefore),
		`${WRITERS} delegates each add an entry and type ${KEYSTROKES} characters, a round of keystrokes every millisecond (${total} updates); the server process is killed with SIGKILL the moment an observer has received ${KILL_AFTER} of them, then restarted on the same database. A trial survives when everything the observer had received is in the restarted server's document. The same scenario runs in \`npm test\` (tests/server/collab-durability.test.ts) once.`,
		markdownTable(headers, rows)
	].join('\n\n');
	writeSection('durability', markdown);
	if (survived !== runs) process.exitCode = 1;
	return { markdown };
}
