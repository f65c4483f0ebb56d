#!/usr/bin/env node
// `npm run bench`: installs the peer servers the bench compares Trellis with (bench/peers, their
// own lockfile) when they are missing or older than that lockfile, then runs the harness. They
// stay out of the root `npm install`: Hocuspocus declares Node >= 22 and y-websocket 2.1.0 brings
// leveldown with a native install script, neither of which someone running the app should see.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const peers = path.join(root, 'bench/peers');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function run(command, args, cwd) {
  const res = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

// npm writes node_modules/.package-lock.json last, so its absence means no complete install.
const installed = mtime(path.join(peers, 'node_modules/.package-lock.json'));
if (installed < mtime(path.join(peers, 'package-lock.json'))) {
  process.stderr.write('bench: installing the peer servers in bench/peers (npm ci)…\n');
  // --omit=optional leaves out y-websocket's LevelDB persistence, which the bench never enables.
  const status = run(npm, ['ci', '--omit=optional', '--no-audit', '--no-fund'], peers);
  if (status !== 0) process.exit(status);
}

process.exit(
  run(npm, ['run', 'bench', '--workspace', 'bench', '--', ...process.argv.slice(2)], root),
);
