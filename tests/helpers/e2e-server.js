// The app as Playwright's webServer runs it: `npm start` on a fresh, seeded
// database in a temporary folder, so every run starts from the same board.
// A test that stops and restarts its own server passes the folder to reuse
// in E2E_DATA_DIR (never DATA_DIR, which could point at real data).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATA_DIR = process.env.E2E_DATA_DIR || mkdtempSync(join(tmpdir(), 'planning-board-e2e-'));
await import('../../server/start.js');
