// A server in its own process, for tests that kill it (SIGKILL) mid-flight.
// Run with `node --import tsx tests/helpers/server-process.ts`; reads DATA_DIR
// and COLLAB_OPTIONS (JSON) from the environment, prints `LISTENING <url>`.
import { startServer } from '../../server/app-server';
import { testConfig } from './collab-server';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');
const running = await startServer(testConfig(dataDir, 0, JSON.parse(process.env.COLLAB_OPTIONS ?? '{}')));
console.log(`LISTENING ${running.url}`);
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
