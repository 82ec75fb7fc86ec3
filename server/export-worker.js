// Entry of the export worker thread: TypeScript through tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
// A variable specifier: loaded by tsx at run time, not resolved as an import here.
const handler = '../src/lib/server/export/worker-thread.ts';
await import(handler);
