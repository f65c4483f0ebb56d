/**
 * Every test file gets a temp folder of its own as TMPDIR, removed after its last test: data
 * dirs from `tempDir()`, storages a unit test opens under `os.tmpdir()`, the server processes a
 * test spawns (they inherit the environment) and Chromium's profile all land in it, so a run
 * leaves nothing behind however a test made its folders. Node reads TMPDIR on every
 * `os.tmpdir()` call, so setting it here is enough.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));
process.env.TMPDIR = dir;

// Registered before the test file's own hooks, so it runs after them (Vitest runs after-hooks
// in reverse): servers and browsers are closed by then.
afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});
