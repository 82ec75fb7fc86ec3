// The app as Playwright's webServer runs it: `npm start` on a fresh, seeded
// database in a temporary folder, so every run starts from the same board.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'planning-board-e2e-'));
await import('../../server/start.js');
