#!/usr/bin/env node
// `npm run dev`: the server (tsx watch: restarts on change) on PORT, default 3000, and Vite's dev
// server on DEV_CLIENT_PORT, default 5173, proxying /api, /socket.io and /yjs to it. Data goes to
// DATA_DIR, default ./data-dev, so development never touches the sessions `npm start` keeps in
// ./data. Ctrl-C stops both, and so does either one stopping.
import { spawn } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Relative to where `npm run dev` was typed, as the server itself resolves DATA_DIR.
const cwd = process.env.INIT_CWD ?? process.cwd();

const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  DEV_CLIENT_PORT: process.env.DEV_CLIENT_PORT ?? '5173',
  DATA_DIR: path.resolve(cwd, process.env.DATA_DIR ?? 'data-dev'),
};
process.stdout.write(
  `trellis dev: open http://localhost:${env.DEV_CLIENT_PORT} (server on port ${env.PORT}, data in ${path.relative(cwd, env.DATA_DIR) || '.'})\n`,
);

const children = ['server', 'client'].map((workspace) =>
  spawn(npm, ['run', 'dev', '--workspace', workspace], { cwd: root, env, stdio: 'inherit' }),
);
const stop = () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
};
for (const child of children) {
  child.once('exit', (code, signal) => {
    if (process.exitCode === undefined) process.exitCode = code ?? (signal ? 1 : 0);
    stop();
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
